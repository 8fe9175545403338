package org.kvmemu.vmx;

import java.util.Set;
import java.util.function.Supplier;
import org.kvmemu.api.spi.BackendProvider;
import org.kvmemu.api.spi.SpiVersion;
import org.kvmemu.api.spi.VmType;
import org.kvmemu.api.spi.X86Ops;

/**
 * A backend for ordinary VMs named {@code name} whose hook tables {@code tables} makes: a VMX table
 * a test wraps or watches.
 */
record TableProvider(String name, Supplier<X86Ops> tables) implements BackendProvider {

    @Override
    public int spiVersion() {
        return SpiVersion.CURRENT;
    }

    @Override
    public Set<VmType> vmTypes() {
        return Set.of(VmType.DEFAULT);
    }

    @Override
    public X86Ops create() {
        return tables.get();
    }
}
