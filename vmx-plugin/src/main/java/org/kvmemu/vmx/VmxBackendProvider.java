package org.kvmemu.vmx;

import java.util.Set;
import org.kvmemu.api.spi.BackendProvider;
import org.kvmemu.api.spi.SpiVersion;
import org.kvmemu.api.spi.VmType;
import org.kvmemu.api.spi.X86Ops;

/** The {@code vmx} backend: ordinary VMX guests on kvm-intel. */
public final class VmxBackendProvider implements BackendProvider {

    @Override
    public String name() {
        return "vmx";
    }

    @Override
    public int spiVersion() {
        return SpiVersion.CURRENT;
    }

    @Override
    public String description() {
        return "kvm-intel VMX baseline: VM-entry injection, interrupt/NMI windows, APICv posted interrupts";
    }

    @Override
    public Set<VmType> vmTypes() {
        return Set.of(VmType.DEFAULT);
    }

    @Override
    public X86Ops create() {
        return new VmxOps();
    }
}
