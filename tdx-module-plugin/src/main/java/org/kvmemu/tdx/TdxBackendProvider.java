package org.kvmemu.tdx;

import java.util.Optional;
import java.util.Set;
import org.kvmemu.api.spi.BackendProvider;
import org.kvmemu.api.spi.Refusal;
import org.kvmemu.api.spi.SpiVersion;
import org.kvmemu.api.spi.UserspaceExitHandler;
import org.kvmemu.api.spi.VmConfig;
import org.kvmemu.api.spi.VmType;
import org.kvmemu.api.spi.VmmServices;
import org.kvmemu.api.spi.X86Ops;
import org.kvmemu.tdx.vmm.TdxVmm;

/**
 * The {@code tdx} backend: kvm-intel with TDX enabled, running TDs and ordinary VMs through one
 * {@code vt} table, as {@code vmx/main.c} does.
 */
public final class TdxBackendProvider implements BackendProvider {

    @Override
    public String name() {
        return "tdx";
    }

    @Override
    public int spiVersion() {
        return SpiVersion.CURRENT;
    }

    @Override
    public String description() {
        return "kvm-intel with TDX (vt dispatch): TDs through a model of the TDX module, other VMs through VMX";
    }

    @Override
    public Set<VmType> vmTypes() {
        return Set.of(VmType.DEFAULT, VmType.TD);
    }

    @Override
    public X86Ops create() {
        return new VtOps();
    }

    /** TDX is refused at module load without {@code enable_apicv} (behaviour.md §D.0). */
    @Override
    public Optional<Refusal> refuse(VmConfig config) {
        if (config.type() == VmType.TD && !config.enableApicv()) {
            return Optional.of(new Refusal("apicv", "TDX needs APICv (a TD cannot run with apicv=off)"));
        }
        return Optional.empty();
    }

    /** A TD's userspace answers KVM_EXIT_TDX as QEMU does (event-notify.md §N.4); an ordinary VM needs nothing. */
    @Override
    public UserspaceExitHandler userspace(VmmServices vmm) {
        return vmm.kvm().type() == VmType.TD ? new TdxVmm(vmm) : null;
    }
}
