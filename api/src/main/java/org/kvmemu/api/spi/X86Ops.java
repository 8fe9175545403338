package org.kvmemu.api.spi;

import org.kvmemu.api.annotation.API;
import org.kvmemu.api.apic.ApicBitmap;
import org.kvmemu.api.guest.Guest;
import org.kvmemu.api.guest.GuestRegisters;
import org.kvmemu.api.kvm.ExitInfo;
import org.kvmemu.api.kvm.Kvm;
import org.kvmemu.api.kvm.KvmVcpu;
import org.kvmemu.api.kvm.Lapic;

/**
 * The vendor hook table, one method per {@code struct kvm_x86_ops} member this model touches
 * (behaviour.md §F), in the three tiers of {@code kvm-x86-ops.h}: abstract methods are {@code KVM_X86_OP}
 * (required), default methods that do nothing are {@code KVM_X86_OP_OPTIONAL} (callers ask
 * {@link #has} first, as the kernel tests for NULL), default methods that return 0 are
 * {@code KVM_X86_OP_OPTIONAL_RET0}. {@link OpsCheck} verifies a loaded table once and names every
 * missing required hook together, like {@code kvm_ops_update()}.
 *
 * <p>Time: {@link #vcpuRun} starts a VM entry and returns at once; the backend models the hardware
 * and the guest in virtual time and calls {@link KvmVcpu#vmExited()} when the guest exits, after which
 * generic KVM calls {@link #handleExitIrqoff} and {@link #handleExit}.
 */
@API(status = API.Status.MAINTAINED, since = "1")
public interface X86Ops {

    // ---- VM and vCPU life cycle ------------------------------------------------------------

    /**
     * {@code vm_init}: bind this table to {@code kvm}, the one VM it serves, and set up the
     * backend's per-VM state ({@code struct kvm_vmx}). Called once, before any vCPU exists.
     *
     * @return 0, or a negative errno that fails KVM_CREATE_VM
     */
    @Hook(value = "vm_init", tier = HookTier.REQUIRED)
    int vmInit(Kvm kvm);

    /**
     * {@code vcpu_create}: set up the backend's per-vCPU state and its hardware model, which creates
     * the guest's {@link GuestRegisters} and {@linkplain Guest#attach attaches} itself and them to
     * {@code guest}. Nothing else in the model holds the registers: this table is the only way
     * generic KVM learns the guest's RFLAGS.IF or interruptibility.
     *
     * @return 0, or a negative errno that fails KVM_CREATE_VCPU
     */
    @Hook(value = "vcpu_create", tier = HookTier.REQUIRED)
    int vcpuCreate(KvmVcpu vcpu, Guest guest);

    /** {@code vcpu_reset}: architectural reset; {@code initEvent} for INIT (not power-on). */
    @Hook(value = "vcpu_reset", tier = HookTier.REQUIRED)
    void vcpuReset(KvmVcpu vcpu, boolean initEvent);

    /** {@code vcpu_load}: the vCPU thread is scheduled in on physical CPU {@code pcpu}. */
    @Hook(value = "vcpu_load", tier = HookTier.REQUIRED)
    void vcpuLoad(KvmVcpu vcpu, int pcpu);

    /** {@code vcpu_put}: the vCPU thread is scheduled out (preempted or blocking). */
    @Hook(value = "vcpu_put", tier = HookTier.REQUIRED)
    void vcpuPut(KvmVcpu vcpu);

    /**
     * {@code vcpu_run}: enter the guest. Returns at once; the backend calls
     * {@link KvmVcpu#vmExited()} when the guest exits.
     */
    @Hook(value = "vcpu_run", tier = HookTier.REQUIRED)
    void vcpuRun(KvmVcpu vcpu, boolean forceImmediateExit);

    /** {@code handle_exit_irqoff}: exit work done with host interrupts still off. */
    @Hook(value = "handle_exit_irqoff", tier = HookTier.REQUIRED)
    void handleExitIrqoff(KvmVcpu vcpu);

    /**
     * {@code handle_exit}: 1 to re-enter the guest, 0 to return to userspace (the exit reason set in
     * {@link KvmVcpu#run()}), negative errno to fail KVM_RUN.
     */
    @Hook(value = "handle_exit", tier = HookTier.REQUIRED)
    int handleExit(KvmVcpu vcpu);

    /** {@code get_exit_info}: the last exit's reason and qualifications, for {@code kvm_exit}. */
    @Hook(value = "get_exit_info", tier = HookTier.REQUIRED)
    void getExitInfo(KvmVcpu vcpu, ExitInfo out);

    // ---- guest state KVM may read --------------------------------------------------------

    /** {@code get_if_flag}: the guest's RFLAGS.IF as KVM sees it. */
    @Hook(value = "get_if_flag", tier = HookTier.REQUIRED)
    boolean getIfFlag(KvmVcpu vcpu);

    /**
     * {@code get_interrupt_shadow}: STI (bit 0) / MOV-SS (bit 1) blocking. Required as in the
     * kernel; its generic callers (KVM_GET_VCPU_EVENTS, the emulator) are not modelled yet.
     */
    @Hook(value = "get_interrupt_shadow", tier = HookTier.REQUIRED)
    int getInterruptShadow(KvmVcpu vcpu);

    /** {@code set_interrupt_shadow}; like {@link #getInterruptShadow}, for callers not modelled yet. */
    @Hook(value = "set_interrupt_shadow", tier = HookTier.REQUIRED)
    void setInterruptShadow(KvmVcpu vcpu, int mask);

    // ---- event injection (x86.c kvm_check_and_inject_events) ----------------------------

    /** {@code inject_irq}: inject {@code vcpu.arch.interrupt.nr} on the next entry. */
    @Hook(value = "inject_irq", tier = HookTier.REQUIRED)
    void injectIrq(KvmVcpu vcpu, boolean reinjected);

    /** {@code inject_nmi}. */
    @Hook(value = "inject_nmi", tier = HookTier.REQUIRED)
    void injectNmi(KvmVcpu vcpu);

    /** {@code inject_exception}: inject {@code vcpu.arch.exception}. */
    @Hook(value = "inject_exception", tier = HookTier.REQUIRED)
    void injectException(KvmVcpu vcpu);

    /** {@code cancel_injection}: an entry was abandoned; requeue what was about to be injected. */
    @Hook(value = "cancel_injection", tier = HookTier.REQUIRED)
    void cancelInjection(KvmVcpu vcpu);

    /** {@code interrupt_allowed}: &gt;0 allowed, 0 blocked, -EBUSY must exit first. */
    @Hook(value = "interrupt_allowed", tier = HookTier.REQUIRED)
    int interruptAllowed(KvmVcpu vcpu, boolean forInjection);

    /** {@code nmi_allowed}: &gt;0 allowed, 0 blocked, -EBUSY must exit first. */
    @Hook(value = "nmi_allowed", tier = HookTier.REQUIRED)
    int nmiAllowed(KvmVcpu vcpu, boolean forInjection);

    /** {@code get_nmi_mask}: whether NMIs are blocked. */
    @Hook(value = "get_nmi_mask", tier = HookTier.REQUIRED)
    boolean getNmiMask(KvmVcpu vcpu);

    /** {@code set_nmi_mask}. */
    @Hook(value = "set_nmi_mask", tier = HookTier.REQUIRED)
    void setNmiMask(KvmVcpu vcpu, boolean masked);

    /** {@code enable_nmi_window}: exit as soon as an NMI can be injected. */
    @Hook(value = "enable_nmi_window", tier = HookTier.REQUIRED)
    void enableNmiWindow(KvmVcpu vcpu);

    /** {@code enable_irq_window}: exit as soon as an interrupt can be injected. */
    @Hook(value = "enable_irq_window", tier = HookTier.REQUIRED)
    void enableIrqWindow(KvmVcpu vcpu);

    /** {@code is_vnmi_pending} (SVM only). */
    @Hook(value = "is_vnmi_pending", tier = HookTier.OPTIONAL_RET0)
    default boolean isVnmiPending(KvmVcpu vcpu) {
        return false;
    }

    /** {@code set_vnmi_pending} (SVM only): whether hardware took the NMI. */
    @Hook(value = "set_vnmi_pending", tier = HookTier.OPTIONAL_RET0)
    default boolean setVnmiPending(KvmVcpu vcpu) {
        return false;
    }

    // ---- local APIC and APICv -----------------------------------------------------------

    /**
     * {@code deliver_interrupt}: a fixed/lowest-priority interrupt accepted by
     * {@code __apic_accept_irq}; post it or set IRR, and make the vCPU notice.
     */
    @Hook(value = "deliver_interrupt", tier = HookTier.REQUIRED)
    void deliverInterrupt(Lapic apic, int deliveryMode, boolean levelTriggered, int vector);

    /** {@code sync_pir_to_irr}: returns the highest IRR vector, or -1. */
    @Hook(value = "sync_pir_to_irr", tier = HookTier.OPTIONAL)
    default int syncPirToIrr(KvmVcpu vcpu) {
        return -1;
    }

    /** {@code hwapic_isr_update}: the highest in-service vector changed (SVI), -1 for none. */
    @Hook(value = "hwapic_isr_update", tier = HookTier.OPTIONAL)
    default void hwapicIsrUpdate(KvmVcpu vcpu, int maxIsr) {
    }

    /** {@code update_cr8_intercept}: set the TPR threshold from CR8 ({@code tpr}) and the highest IRR class (-1 for none). */
    @Hook(value = "update_cr8_intercept", tier = HookTier.OPTIONAL)
    default void updateCr8Intercept(KvmVcpu vcpu, int tpr, int maxIrr) {
    }

    /**
     * {@code load_eoi_exitmap}: the EOI-exit bitmap is {@code eoiExitBitmap}
     * ({@code vcpu->arch.ioapic_handled_vectors}); the caller keeps the bitmap, so copy it.
     */
    @Hook(value = "load_eoi_exitmap", tier = HookTier.OPTIONAL)
    default void loadEoiExitmap(KvmVcpu vcpu, ApicBitmap eoiExitBitmap) {
    }

    /** {@code refresh_apicv_exec_ctrl}: APICv was (de)activated for the vCPU. */
    @Hook(value = "refresh_apicv_exec_ctrl", tier = HookTier.REQUIRED)
    void refreshApicvExecCtrl(KvmVcpu vcpu);

    /** {@code apicv_pre_state_restore}: clear posted state before reset or KVM_SET_LAPIC. */
    @Hook(value = "apicv_pre_state_restore", tier = HookTier.OPTIONAL)
    default void apicvPreStateRestore(KvmVcpu vcpu) {
    }

    /** {@code protected_apic_has_interrupt}: a pending interrupt in an APIC KVM cannot read. */
    @Hook(value = "protected_apic_has_interrupt", tier = HookTier.OPTIONAL)
    default boolean protectedApicHasInterrupt(KvmVcpu vcpu) {
        return false;
    }

    /**
     * {@code required_apicv_inhibits} (a field of the table in the kernel): the inhibit reasons,
     * as a bit mask, that deactivate APICv on this backend; others are ignored.
     */
    @Hook(value = "required_apicv_inhibits", tier = HookTier.REQUIRED)
    long requiredApicvInhibits();

    /**
     * Whether the hook {@code kernelName} is present, as the kernel tests a member for NULL: for an
     * optional hook, whether this table implements it (in its class chain or as a default of
     * another interface it implements). Generic KVM asks once, when the table is installed.
     */
    default boolean has(String kernelName) {
        return OpsCheck.implemented(getClass(), Object.class, kernelName);
    }

    // ---- SMM, INIT/SIPI, MSRs -----------------------------------------------------------

    /** {@code smi_allowed}. */
    @Hook(value = "smi_allowed", tier = HookTier.REQUIRED)
    int smiAllowed(KvmVcpu vcpu, boolean forInjection);

    /** {@code enter_smm}: 0 on success. */
    @Hook(value = "enter_smm", tier = HookTier.REQUIRED)
    int enterSmm(KvmVcpu vcpu);

    /** {@code leave_smm}: 0 on success. */
    @Hook(value = "leave_smm", tier = HookTier.REQUIRED)
    int leaveSmm(KvmVcpu vcpu);

    /** {@code enable_smi_window}. */
    @Hook(value = "enable_smi_window", tier = HookTier.REQUIRED)
    void enableSmiWindow(KvmVcpu vcpu);

    /** {@code apic_init_signal_blocked}. */
    @Hook(value = "apic_init_signal_blocked", tier = HookTier.REQUIRED)
    boolean apicInitSignalBlocked(KvmVcpu vcpu);

    /** {@code vcpu_deliver_sipi_vector}. */
    @Hook(value = "vcpu_deliver_sipi_vector", tier = HookTier.REQUIRED)
    void vcpuDeliverSipiVector(KvmVcpu vcpu, int vector);

    /**
     * {@code has_emulated_msr}: whether KVM emulates {@code msr} for VMs like {@code kvm}; e.g.
     * {@code MSR_IA32_SMBASE} decides whether KVM_SMI works.
     */
    @Hook(value = "has_emulated_msr", tier = HookTier.REQUIRED)
    boolean hasEmulatedMsr(Kvm kvm, int msr);

    // ---- model state (no kernel hook) -----------------------------------------------------

    /**
     * VM state the backend owns and generic KVM does not see, as a scenario's
     * {@code expect vm-state} names it (for example {@code td-fatal}: the TDX module refuses to
     * enter the TD again), or null when there is none. Not a kernel hook.
     */
    default String vendorVmState() {
        return null;
    }
}
