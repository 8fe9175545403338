package org.kvmemu.api.kvm;

import java.util.ArrayList;
import java.util.List;
import org.kvmemu.api.annotation.API;
import org.kvmemu.api.guest.Guest;
import org.kvmemu.api.platform.Platform;
import org.kvmemu.api.sim.Simulator;
import org.kvmemu.api.spi.VmConfig;
import org.kvmemu.api.spi.X86Ops;
import org.kvmemu.api.trace.Tracer;
import org.kvmemu.api.vmm.DevKvm;

/**
 * A VM's file descriptor as userspace holds it: made by KVM_CREATE_VM ({@link DevKvm}, which no
 * plugin can reach), it enables the split
 * irqchip, creates the vCPUs (handing back their {@link VcpuFd}s) and signals MSIs
 * (KVM_SIGNAL_MSI). Vendor code sees the VM as {@link Kvm}, which offers none of these.
 */
@API(status = API.Status.INTERNAL, since = "2")
public final class VmFd {

    private final Kvm kvm;

    static {
        DevKvm.install(VmFd::createVm);
    }

    private VmFd(Kvm kvm) {
        this.kvm = kvm;
    }

    /** KVM_CREATE_VM, reached only through {@link DevKvm#createVm}. */
    private static VmFd createVm(VmConfig config, Simulator sim, Tracer trace, Platform platform, String backend,
                                 X86Ops table) {
        Kvm kvm = new Kvm(config, sim, trace, platform);
        kvm.setOps(backend, table);
        return new VmFd(kvm);
    }

    /** The VM, to read its state. */
    public Kvm kvm() {
        return kvm;
    }

    /** KVM_ENABLE_CAP(KVM_CAP_SPLIT_IRQCHIP). */
    public void enableSplitIrqchip() {
        kvm.enableSplitIrqchip();
    }

    /**
     * KVM_CREATE_VCPU for each of {@code guests} (the guest software of vCPU i), on physical CPU
     * {@code i mod pcpus}.
     *
     * @throws org.kvmemu.api.spi.PluginException when {@code vcpu_create} fails
     */
    public List<VcpuFd> createVcpus(List<? extends Guest> guests, int pcpus) {
        kvm.createVcpus(guests, pcpus);
        List<VcpuFd> fds = new ArrayList<>(guests.size());
        for (int i = 0; i < guests.size(); i++) {
            fds.add(new VcpuFd(kvm.vcpu(i)));
        }
        return List.copyOf(fds);
    }

    /** KVM_SET_GSI_ROUTING of I/O APIC pin {@code gsi} as an MSI route (the other routes unchanged). */
    public void setGsiRoute(int gsi, long address, long data) {
        kvm.setGsiRoute(gsi, address, data);
    }

    /**
     * KVM_IRQ_LINE: GSI {@code gsi} raised (1) or lowered (0).
     *
     * @return the number of APICs that accepted it, or -1
     */
    public int irqLine(int gsi, int level) {
        return kvm.setIrq(gsi, level);
    }

    /**
     * KVM_SIGNAL_MSI ({@code kvm_send_userspace_msi}).
     *
     * @return the number of APICs that accepted it, or -1 if none was found
     */
    public int signalMsi(long address, long data) {
        return kvm.signalMsi(address, data);
    }
}
