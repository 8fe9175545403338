package org.kvmemu.api.kvm;

import org.kvmemu.api.annotation.API;

/**
 * A vCPU's file descriptor as userspace holds it: the vCPU ioctls (KVM_RUN, KVM_INTERRUPT, KVM_NMI,
 * KVM_SMI, KVM_GET/SET_LAPIC, KVM_SET_GUEST_DEBUG), signals to the vCPU thread, and the host
 * scheduler's preemption of that thread. Only {@link VmFd#createVcpus} makes one, so only the VM's
 * creator (the machine and its userspace) can issue them; vendor code, which sees {@link KvmVcpu},
 * cannot.
 */
@API(status = API.Status.INTERNAL, since = "2")
public final class VcpuFd {

    /** Told when KVM_RUN returns to userspace. */
    public interface RunListener {
        /** KVM_RUN of {@code vcpu} returned {@code result} (0, or -errno; -EINTR for a signal). */
        void kvmRunReturned(KvmVcpu vcpu, int result);
    }

    private final KvmVcpu vcpu;
    /** The {@code struct kvm_lapic_state} buffer of the last KVM_GET_LAPIC. */
    private Lapic.State lapicState;

    VcpuFd(KvmVcpu vcpu) {
        this.vcpu = vcpu;
    }

    /** The vCPU, to read its state. */
    public KvmVcpu vcpu() {
        return vcpu;
    }

    /** Sets the listener told when KVM_RUN returns (userspace's vCPU thread). */
    public void setRunListener(RunListener l) {
        vcpu.loop.setRunListener(l);
    }

    /** KVM_RUN: the thread enters KVM; the result arrives through the {@link RunListener}. */
    public void run() {
        vcpu.loop.ioctlRun();
    }

    /** Userspace sends the vCPU thread a signal (to regain control, as QEMU's {@code qemu_cpu_kick}). */
    public void signal() {
        vcpu.loop.signal();
    }

    /**
     * The host scheduler takes the vCPU thread off its CPU for {@code ns}: a vCPU in guest mode is
     * interrupted by the scheduler tick and switched out at the run loop's next scheduling point.
     */
    public void preempt(long ns) {
        vcpu.thread.preempt(ns);
    }

    /** KVM_INTERRUPT ({@code kvm_vcpu_ioctl_interrupt}, behaviour.md §A.2), split irqchip. */
    public int interrupt(int irq) {
        if (irq < 0 || irq >= 256) {
            return -Errno.EINVAL;
        }
        if (vcpu.arch.pendingExternalVector != -1) {
            return -Errno.EEXIST;
        }
        vcpu.arch.pendingExternalVector = irq;
        vcpu.makeRequest(KvmRequests.EVENT);
        return 0;
    }

    /** KVM_NMI: always 0. */
    public int nmi() {
        vcpu.kvm().injectNmi(vcpu);
        return 0;
    }

    /** KVM_SMI: {@code kvm_inject_smi}'s result. */
    public int smi() {
        return vcpu.kvm().injectSmi(vcpu);
    }

    /**
     * KVM_GET_LAPIC: -EINVAL for a protected APIC (a TD, behaviour.md §A.2); else posted interrupts are
     * synced into IRR ({@code sync_pir_to_irr}) and the registers are copied out.
     */
    public int getLapic() {
        Lapic apic = vcpu.apic();
        if (apic.guestApicProtected()) {
            return -Errno.EINVAL;
        }
        if (vcpu.arch.apicvActive) {
            vcpu.kvm().syncPirToIrr(vcpu);
        }
        lapicState = apic.saveState();
        return 0;
    }

    /**
     * KVM_SET_LAPIC ({@code kvm_apic_set_state}): -EINVAL for a protected APIC; else the posted
     * state is cleared ({@code apicv_pre_state_restore}), the registers of the last KVM_GET_LAPIC
     * are written back, PPR and SVI/RVI recomputed, and KVM_REQ_EVENT raised.
     */
    public int setLapic() {
        Lapic apic = vcpu.apic();
        if (apic.guestApicProtected()) {
            return -Errno.EINVAL;
        }
        vcpu.kvm().apicvPreStateRestore(vcpu);
        apic.restoreState(lapicState != null ? lapicState : apic.saveState());
        vcpu.makeRequest(KvmRequests.EVENT);
        return 0;
    }

    /**
     * KVM_SET_GUEST_DEBUG: -EINVAL when the guest's state is protected (a TD, behaviour.md §D.9: BLOCKIRQ
     * could otherwise inhibit APICv, which a TD cannot run without); else with
     * {@code KVM_GUESTDBG_BLOCKIRQ} no SMI, NMI or interrupt is injected (behaviour.md §A.5 step 5) and
     * APICv is inhibited (BLOCKIRQ). Returns 0.
     */
    public int setGuestDebug(boolean blockIrq) {
        if (vcpu.arch.guestStateProtected) {
            return -Errno.EINVAL;
        }
        vcpu.setGuestDebugBlockIrq(blockIrq);
        vcpu.kvm().apicv().updateGuestDebug();
        return 0;
    }
}
