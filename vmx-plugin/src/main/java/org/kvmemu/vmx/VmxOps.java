package org.kvmemu.vmx;

import java.util.Arrays;
import java.util.function.Predicate;
import org.kvmemu.api.annotation.API;
import org.kvmemu.api.apic.ApicBitmap;
import org.kvmemu.api.guest.Guest;
import org.kvmemu.api.guest.GuestRegisters;
import org.kvmemu.api.kvm.ExitFastpath;
import org.kvmemu.api.kvm.ExitInfo;
import org.kvmemu.api.kvm.Kvm;
import org.kvmemu.api.kvm.KvmExitReasons;
import org.kvmemu.api.kvm.KvmRequests;
import org.kvmemu.api.kvm.KvmVcpu;
import org.kvmemu.api.kvm.Lapic;
import org.kvmemu.api.kvm.VmxExitReasons;
import org.kvmemu.api.platform.HostVectors;
import org.kvmemu.api.spi.X86Ops;
import org.kvmemu.api.trace.KvmTracePoints;
import org.kvmemu.api.trace.Tracer;
import org.kvmemu.vmx.common.PiDesc;
import org.kvmemu.vmx.common.PiWakeup;
import org.kvmemu.vmx.common.PostedInterrupts;
import org.kvmemu.vmx.common.VcpuVt;
import org.kvmemu.vmx.common.VmxExitIrqoff;

/**
 * kvm-intel's {@code vmx_x86_ops} (vmx.c, posted_intr.c; behaviour.md §C and the VMX column of §F) for one
 * VM, over the per-vCPU {@link VmxCpu} hardware model.
 */
@API(status = API.Status.INTERNAL, since = "2")
public final class VmxOps implements X86Ops {

    /** {@code required_apicv_inhibits}: DISABLED, HYPERV, ABSENT, BLOCKIRQ, PHYSICAL_ID_ALIASED, APIC_ID_MODIFIED, APIC_BASE_MODIFIED. */
    static final long REQUIRED_APICV_INHIBITS = 0x7f;

    /** {@code DB_VECTOR}. */
    static final int DB_VECTOR = 1;
    /** {@code UD_VECTOR}. */
    static final int UD_VECTOR = 6;
    /** {@code GP_VECTOR}. */
    static final int GP_VECTOR = 13;
    /** {@code PF_VECTOR}. */
    static final int PF_VECTOR = 14;
    /** {@code AC_VECTOR}. */
    static final int AC_VECTOR = 17;
    /** {@code MC_VECTOR}. */
    static final int MC_VECTOR = 18;

    /** The machine option that turns the exit fastpaths off ({@code fastpath=off}), for comparison. */
    public static final String FASTPATH = "fastpath";

    private Kvm kvm;
    private boolean fastpaths;
    private VmxCpu[] cpus = new VmxCpu[0];
    private PiWakeup wakeup;
    /** {@code !vmx_interrupt_blocked}, for {@code vmx_vcpu_pi_put}. */
    private final Predicate<KvmVcpu> interruptsAllowed = vcpu -> vmx(vcpu).regs.interruptible();

    /** {@code vmx_vm_init}: the table serves {@code kvm}; the platform's 0xf1 wake-up handler is installed. */
    @Override
    public int vmInit(Kvm kvm) {
        this.kvm = kvm;
        this.fastpaths = !kvm.config().option(FASTPATH).orElse("on").equals("off");
        this.wakeup = PiWakeup.of(kvm.platform());
        return 0;
    }

    /**
     * {@code enable_ipiv} as {@code hardware_setup} leaves it: IPIv hardware is assumed, so the
     * machine's {@code ipiv=on}, cleared without {@code enable_apicv}.
     */
    boolean enableIpiv() {
        return kvm.enableIpiv() && kvm.enableApicv();
    }

    /**
     * {@code vmx_needs_pi_wakeup}: a blocked vCPU needs the 0xf1 wake-up when the CPU can post to
     * it without KVM: {@code vmx_can_use_ipiv} ({@code lapic_in_kernel && enable_ipiv}, whatever
     * the vCPU's own APICv state); VT-d posted interrupts are not modelled.
     */
    boolean needsPiWakeup(KvmVcpu vcpu) {
        return enableIpiv();
    }

    /**
     * The target of a guest ICR write the CPU virtualizes (IPIv): with TERTIARY_EXEC_IPI_VIRT, which
     * {@code vmx_tertiary_exec_control} sets only while the sender's APICv is active, a fixed IPI to
     * one physical destination in the PID table, no shorthand; null when KVM must emulate the write.
     */
    VmxCpu ipivTarget(KvmVcpu sender, long icr) {
        int low = (int) icr;
        int dest = (int) (icr >>> 32);
        boolean fixed = ((low >> 8) & 7) == 0;
        boolean noShorthand = ((low >> 18) & 3) == 0;
        if (!enableIpiv() || !sender.arch.apicvActive || !fixed || !noShorthand || dest < 0
                || dest >= kvm.vcpuCount()) {
            return null;
        }
        return cpus[dest];
    }

    /** The hardware model of vCPU {@code id}. */
    VmxCpu cpu(int id) {
        return cpus[id];
    }

    private VmxCpu vmx(KvmVcpu vcpu) {
        return cpus[vcpu.id()];
    }

    // ---- life cycle -----------------------------------------------------------------------

    @Override
    public int vcpuCreate(KvmVcpu vcpu, Guest guest) {
        if (vcpu.id() >= cpus.length) {
            cpus = Arrays.copyOf(cpus, Math.max(vcpu.id() + 1, cpus.length * 2));
        }
        cpus[vcpu.id()] = new VmxCpu(vcpu, this, guest);
        refreshApicvExecCtrl(vcpu);
        return 0;
    }

    /** {@code vmx_vcpu_reset}: the event fields and window controls cleared; INIT resets the guest CPU. */
    @Override
    public void vcpuReset(KvmVcpu vcpu, boolean initEvent) {
        VmxCpu vmx = vmx(vcpu);
        vmx.vmcs.entryIntrInfo = 0;
        vmx.vmcs.cpuBasedControls = 0;
        vmx.vmcs.rvi = 0;
        vmx.vmcs.svi = 0;
        if (initEvent) {
            vmx.guest.reset();
            vmx.regs.reset();
        }
    }

    /**
     * {@code vmx_vcpu_pi_load}: off the wake-up list if on it; NDST := this CPU, SN := 0,
     * NV := 0xf2; ON if PIR is not empty.
     */
    @Override
    public void vcpuLoad(KvmVcpu vcpu, int pcpu) {
        wakeup.load(vmx(vcpu).vt, pcpu);
    }

    /**
     * {@code vmx_vcpu_pi_put}: when the CPU may post to this vCPU without KVM (IPIv), a vCPU that
     * blocks with interrupts enabled goes on its CPU's wake-up list with NV := 0xf1 (and, if ON is
     * already set, a self-IPI 0xf1 so the wake-up is not lost); a preempted one gets SN := 1.
     */
    @Override
    public void vcpuPut(KvmVcpu vcpu) {
        wakeup.put(vmx(vcpu).vt, needsPiWakeup(vcpu), interruptsAllowed);
    }

    /** {@code vmx_vcpu_run}: {@code kvm_wait_lapic_expire} before every entry (behaviour.md §C), then VM entry. */
    @Override
    public void vcpuRun(KvmVcpu vcpu, boolean forceImmediateExit) {
        vmx(vcpu).enter(forceImmediateExit);
    }

    /**
     * {@code vmx_handle_exit_irqoff}: the host handler of an interrupt acknowledged on exit; an #MC
     * exit goes to {@code kvm_machine_check}.
     */
    @Override
    public void handleExitIrqoff(KvmVcpu vcpu) {
        VmxExitIrqoff.handle(vmx(vcpu).vt);
    }

    /**
     * {@code vmx_exit_handlers_fastpath}, before host interrupts are enabled: an MSR_WRITE
     * ({@code handle_fastpath_set_msr_irqoff}), the PREEMPTION_TIMER exit of a forced immediate
     * exit ({@code handle_fastpath_preemption_timer}: done) and HLT ({@code handle_fastpath_hlt});
     * with the machine's {@code fastpath=off}, none.
     */
    ExitFastpath exitHandlersFastpath(VmxCpu vmx, boolean forceImmediateExit) {
        if (!fastpaths) {
            return ExitFastpath.NONE;
        }
        KvmVcpu vcpu = vmx.vcpu;
        switch (vmx.vt.exitReason) {
            case VmxExitReasons.MSR_WRITE -> {
                ExitFastpath r = vcpu.handleFastpathSetMsrIrqoff(vmx.vmcs.exitMsr, vmx.vmcs.exitValue);
                if (r != ExitFastpath.NONE) {
                    skipEmulatedInstruction(vcpu);
                }
                return r;
            }
            case VmxExitReasons.PREEMPTION_TIMER -> {
                return forceImmediateExit ? ExitFastpath.EXIT_HANDLED : ExitFastpath.NONE;
            }
            case VmxExitReasons.HLT -> {
                skipEmulatedInstruction(vcpu);
                return vcpu.handleFastpathHlt();
            }
            default -> {
                return ExitFastpath.NONE;
            }
        }
    }

    /** {@code vmx_handle_exit} for the exits this model produces; an exit its fastpath handled is done. */
    @Override
    public int handleExit(KvmVcpu vcpu) {
        VmxCpu vmx = vmx(vcpu);
        Vmcs vmcs = vmx.vmcs;
        VcpuVt vt = vmx.vt;
        if ((vt.exitReason & VmxExitReasons.FAILED_VMENTRY) != 0) {
            vcpu.run().exitReason = KvmExitReasons.FAIL_ENTRY;
            vcpu.run().failEntryReason = vt.exitReason & 0xffffffffL;
            vcpu.run().failEntryCpu = vcpu.cpu();
            return 0;
        }
        if (vmx.exitFastpath != ExitFastpath.NONE) {
            return 1;
        }
        switch (vt.exitReason) {
            case VmxExitReasons.EXTERNAL_INTERRUPT:
                vcpu.stat().irqExits++;
                return 1;
            case VmxExitReasons.INTERRUPT_WINDOW:
                vmcs.cpuBasedControls &= ~Vmcs.CPU_BASED_INTR_WINDOW_EXITING;
                vcpu.makeRequest(KvmRequests.EVENT);
                vcpu.stat().irqWindowExits++;
                return 1;
            case VmxExitReasons.NMI_WINDOW:
                vmcs.cpuBasedControls &= ~Vmcs.CPU_BASED_NMI_WINDOW_EXITING;
                vcpu.stat().nmiWindowExits++;
                vcpu.makeRequest(KvmRequests.EVENT);
                return 1;
            case VmxExitReasons.HLT:
                skipEmulatedInstruction(vcpu);
                return vcpu.emulateHalt();
            case VmxExitReasons.MSR_WRITE:
            case VmxExitReasons.APIC_WRITE:
                return handleX2apicWrite(vcpu, vt, vmcs);
            case VmxExitReasons.TPR_BELOW_THRESHOLD:
                vcpu.apic().updatePpr();
                vcpu.makeRequest(KvmRequests.EVENT);
                return 1;
            case VmxExitReasons.EOI_INDUCED:
                vcpu.apic().setEoiAccelerated((int) vt.exitQualification & 0xff);
                return 1;
            case VmxExitReasons.PREEMPTION_TIMER:
                return 1;
            case VmxExitReasons.EPT_VIOLATION:
                return 1;
            case VmxExitReasons.EXCEPTION_NMI:
                return handleExceptionNmi(vcpu, vt);
            default:
                vcpu.run().exitReason = KvmExitReasons.INTERNAL_ERROR;
                vcpu.run().internalSuberror = KvmExitReasons.INTERNAL_ERROR_UNEXPECTED_EXIT_REASON;
                vcpu.run().internalData[0] = vt.exitReason;
                vcpu.run().internalData[1] = vcpu.cpu();
                return 0;
        }
    }

    /**
     * {@code handle_exception_nmi}: NMIs and #MC were handled already; #UD goes to the emulator
     * ({@code handle_ud}: RSM in SMM leaves SMM, anything else is emulated); #DB and #AC are
     * reflected into the guest; #PF is the MMU's; every other vector goes to userspace as
     * KVM_EXIT_EXCEPTION.
     */
    private int handleExceptionNmi(KvmVcpu vcpu, VcpuVt vt) {
        int info = vt.exitIntrInfo;
        int vector = info & 0xff;
        if ((info & Vmcs.INTR_TYPE_MASK) == Vmcs.INTR_TYPE_NMI || vector == MC_VECTOR) {
            return 1;
        }
        switch (vector) {
            case UD_VECTOR -> {
                if (vcpu.arch.inSmm) {
                    kvm.leaveSmm(vcpu);
                }
                skipEmulatedInstruction(vcpu);
                return 1;
            }
            case DB_VECTOR -> {
                vcpu.queueException(DB_VECTOR, false, 0);
                return 1;
            }
            case AC_VECTOR -> {
                vcpu.queueException(AC_VECTOR, true, 0);
                return 1;
            }
            case PF_VECTOR -> {
                return 1;
            }
            default -> {
                vcpu.run().exitReason = KvmExitReasons.EXCEPTION;
                vcpu.run().exceptionVector = vector;
                vcpu.run().exceptionErrorCode = 0;
                return 0;
            }
        }
    }

    /**
     * {@code vmx_skip_emulated_instruction}: the guest resumes after the instruction KVM emulated,
     * and an STI or MOV-SS shadow ends with it.
     */
    private void skipEmulatedInstruction(KvmVcpu vcpu) {
        vmx(vcpu).regs.setShadow(0);
    }

    /**
     * An intercepted WRMSR (MSR_WRITE: {@code kvm_emulate_wrmsr}, which traces {@code kvm_msr}, then
     * {@code vmx_complete_emulated_msr}: {@code kvm_complete_insn_gp} skips the instruction, or
     * injects #GP for a refused write) or a trap-like APIC_WRITE ({@code handle_apic_write}:
     * {@code kvm_apic_write_nodecode}, no {@code kvm_msr}).
     */
    private int handleX2apicWrite(KvmVcpu vcpu, VcpuVt vt, Vmcs vmcs) {
        if (vt.exitReason == VmxExitReasons.MSR_WRITE) {
            if (vcpu.emulateWrmsr(vmcs.exitMsr, vmcs.exitValue) != 0) {
                vcpu.queueException(GP_VECTOR, true, 0);
            } else {
                skipEmulatedInstruction(vcpu);
            }
            return 1;
        }
        vcpu.apic().x2apicMsrWrite(vmcs.exitMsr, vmcs.exitValue);
        return 1;
    }

    /** {@code vmx_get_exit_info}: a failed entry reports only the reason and the qualification. */
    @Override
    public void getExitInfo(KvmVcpu vcpu, ExitInfo out) {
        VmxCpu vmx = vmx(vcpu);
        Vmcs vmcs = vmx.vmcs;
        VcpuVt vt = vmx.vt;
        boolean failedEntry = (vt.exitReason & VmxExitReasons.FAILED_VMENTRY) != 0;
        out.reason = vt.exitReason;
        out.info1 = vt.exitQualification;
        out.info2 = failedEntry ? 0 : vmcs.idtVectoringInfo & 0xffffffffL;
        out.intrInfo = failedEntry ? 0 : vt.exitIntrInfo;
        out.errorCode = 0;
    }

    // ---- guest state -----------------------------------------------------------------------

    @Override
    public boolean getIfFlag(KvmVcpu vcpu) {
        return vmx(vcpu).regs.ifFlag();
    }

    @Override
    public int getInterruptShadow(KvmVcpu vcpu) {
        return vmx(vcpu).regs.shadow();
    }

    @Override
    public void setInterruptShadow(KvmVcpu vcpu, int mask) {
        vmx(vcpu).regs.setShadow(mask);
    }

    // ---- injection -------------------------------------------------------------------------

    /** {@code vmx_inject_irq}: VM-entry interruption info = vector | EXT_INTR | valid. */
    @Override
    public void injectIrq(KvmVcpu vcpu, boolean reinjected) {
        int irq = vcpu.arch.interruptNr;
        Tracer trace = kvm.trace();
        if (trace.on(KvmTracePoints.KVM_INJ_VIRQ)) {
            trace.emit(KvmTracePoints.KVM_INJ_VIRQ, vcpu.task(), vcpu.cpu(), irq, vcpu.arch.interruptSoft, reinjected);
        }
        vcpu.stat().irqInjections++;
        int type = vcpu.arch.interruptSoft ? Vmcs.INTR_TYPE_SOFT_INTR : Vmcs.INTR_TYPE_EXT_INTR;
        vmx(vcpu).vmcs.entryIntrInfo = irq | type | Vmcs.INTR_INFO_VALID;
    }

    /** {@code vmx_inject_nmi}: VM-entry interruption info = NMI. */
    @Override
    public void injectNmi(KvmVcpu vcpu) {
        vcpu.stat().nmiInjections++;
        vmx(vcpu).vmcs.entryIntrInfo = HostVectors.NMI | Vmcs.INTR_TYPE_NMI | Vmcs.INTR_INFO_VALID;
    }

    /** {@code vmx_inject_exception}. */
    @Override
    public void injectException(KvmVcpu vcpu) {
        Vmcs vmcs = vmx(vcpu).vmcs;
        vmcs.entryIntrInfo = vcpu.arch.exceptionVector | Vmcs.INTR_TYPE_HARD_EXCEPTION | Vmcs.INTR_INFO_VALID
                | (vcpu.arch.exceptionHasError ? Vmcs.INTR_INFO_DELIVER_CODE : 0);
        vmcs.entryErrorCode = vcpu.arch.exceptionErrorCode;
    }

    /** {@code vmx_cancel_injection}: requeue what the VM-entry field held, then clear it. */
    @Override
    public void cancelInjection(KvmVcpu vcpu) {
        Vmcs vmcs = vmx(vcpu).vmcs;
        completeInterrupts(vcpu, vmx(vcpu).regs, vmcs.entryIntrInfo);
        vmcs.entryIntrInfo = 0;
    }

    /**
     * {@code __vmx_complete_interrupts}: forget the injected event unless {@code info} (IDT-vectoring
     * or VM-entry info) says its delivery did not complete, in which case requeue it.
     */
    static void completeInterrupts(KvmVcpu vcpu, GuestRegisters regs, int info) {
        vcpu.arch.nmiInjected = false;
        vcpu.arch.exceptionInjected = false;
        vcpu.arch.interruptInjected = false;
        if ((info & Vmcs.INTR_INFO_VALID) == 0) {
            return;
        }
        vcpu.makeRequest(KvmRequests.EVENT);
        int vector = info & 0xff;
        switch (info & Vmcs.INTR_TYPE_MASK) {
            case Vmcs.INTR_TYPE_NMI -> {
                vcpu.arch.nmiInjected = true;
                regs.setNmiBlocked(false);
            }
            case Vmcs.INTR_TYPE_HARD_EXCEPTION, Vmcs.INTR_TYPE_PRIV_SW_EXC, Vmcs.INTR_TYPE_SOFT_EXC -> {
                vcpu.arch.exceptionInjected = true;
                vcpu.arch.exceptionVector = vector;
                vcpu.arch.exceptionHasError = (info & Vmcs.INTR_INFO_DELIVER_CODE) != 0;
            }
            default -> {
                vcpu.arch.interruptInjected = true;
                vcpu.arch.interruptNr = vector;
                vcpu.arch.interruptSoft = (info & Vmcs.INTR_TYPE_MASK) == Vmcs.INTR_TYPE_SOFT_INTR;
            }
        }
    }

    /** {@code vmx_interrupt_allowed}: not blocked by RFLAGS.IF=0 or an STI/MOV-SS shadow. */
    @Override
    public int interruptAllowed(KvmVcpu vcpu, boolean forInjection) {
        return vmx(vcpu).regs.interruptible() ? 1 : 0;
    }

    /** {@code vmx_nmi_allowed}: not blocked by NMI blocking or an STI/MOV-SS shadow. */
    @Override
    public int nmiAllowed(KvmVcpu vcpu, boolean forInjection) {
        GuestRegisters regs = vmx(vcpu).regs;
        return regs.nmiBlocked() || regs.shadow() != 0 ? 0 : 1;
    }

    @Override
    public boolean getNmiMask(KvmVcpu vcpu) {
        return vmx(vcpu).regs.nmiBlocked();
    }

    @Override
    public void setNmiMask(KvmVcpu vcpu, boolean masked) {
        vmx(vcpu).regs.setNmiBlocked(masked);
    }

    /** {@code vmx_enable_nmi_window}: an IRQ window instead while STI-blocked. */
    @Override
    public void enableNmiWindow(KvmVcpu vcpu) {
        if (vmx(vcpu).regs.shadow() != 0) {
            enableIrqWindow(vcpu);
            return;
        }
        vmx(vcpu).vmcs.cpuBasedControls |= Vmcs.CPU_BASED_NMI_WINDOW_EXITING;
    }

    @Override
    public void enableIrqWindow(KvmVcpu vcpu) {
        vmx(vcpu).vmcs.cpuBasedControls |= Vmcs.CPU_BASED_INTR_WINDOW_EXITING;
    }

    // ---- APIC and APICv --------------------------------------------------------------------

    /**
     * {@code vmx_deliver_interrupt}: post it when APICv is active ({@code kvm_apicv_accept_irq}),
     * else set IRR, KVM_REQ_EVENT and kick.
     */
    @Override
    public void deliverInterrupt(Lapic apic, int deliveryMode, boolean levelTriggered, int vector) {
        KvmVcpu vcpu = apic.vcpu();
        if (!vcpu.arch.apicvActive) {
            apic.irr().set(vector);
            vcpu.makeRequest(KvmRequests.EVENT);
            vcpu.kick();
            return;
        }
        PostedInterrupts.deliver(vmx(vcpu).vt, vector);
        Tracer trace = kvm.trace();
        if (trace.on(KvmTracePoints.KVM_APICV_ACCEPT_IRQ)) {
            trace.emit(KvmTracePoints.KVM_APICV_ACCEPT_IRQ, trace.contextTask(), trace.contextCpu(), vcpu.id(),
                    deliveryMode,
                    levelTriggered ? 1 : 0, vector);
        }
    }

    /**
     * {@code vmx_sync_pir_to_irr}: ON → PIR into IRR; RVI := max IRR with APICv, else KVM_REQ_EVENT
     * if new. Without {@code enable_apicv} the kernel has no such hook and KVM reads IRR instead
     * ({@code apic_find_highest_irr}); nothing is ever posted then, so this returns just that.
     */
    @Override
    public int syncPirToIrr(KvmVcpu vcpu) {
        VmxCpu vmx = vmx(vcpu);
        Lapic apic = vcpu.apic();
        boolean gotPosted = false;
        PiDesc pid = vmx.vt.pid();
        if (pid.on()) {
            pid.clearOn();
            gotPosted = pid.pir().drainInto(apic.irr());
        }
        int maxIrr = apic.irr().highest();
        if (vcpu.arch.apicvActive) {
            vmx.vmcs.rvi = Math.max(maxIrr, 0);
        } else if (gotPosted) {
            vcpu.makeRequest(KvmRequests.EVENT);
        }
        Tracer trace = kvm.trace();
        if (gotPosted && trace.on(PostedInterrupts.PI_SYNC_PIR_TO_IRR)) {
            trace.emit(PostedInterrupts.PI_SYNC_PIR_TO_IRR, vcpu.task(), vcpu.cpu(), vcpu.id(), maxIrr, vmx.vmcs.rvi,
                    1);
        }
        return maxIrr;
    }

    /** {@code vmx_hwapic_isr_update}: SVI := the highest in-service vector (0 for none). */
    @Override
    public void hwapicIsrUpdate(KvmVcpu vcpu, int maxIsr) {
        vmx(vcpu).vmcs.svi = Math.max(maxIsr, 0);
    }

    /**
     * {@code vmx_update_cr8_intercept}: TPR threshold = the class of the highest IRR vector when TPR
     * masks it, else 0; a guest TPR write below it then exits.
     */
    @Override
    public void updateCr8Intercept(KvmVcpu vcpu, int tpr, int maxIrr) {
        vmx(vcpu).vmcs.tprThreshold = maxIrr == -1 || tpr < maxIrr ? 0 : maxIrr;
    }

    /** {@code vmx_load_eoi_exitmap}: EOI_EXIT_BITMAP0..3, only while APICv is active. */
    @Override
    public void loadEoiExitmap(KvmVcpu vcpu, ApicBitmap eoiExitBitmap) {
        if (vcpu.arch.apicvActive) {
            vmx(vcpu).vmcs.eoiExitBitmap.copyFrom(eoiExitBitmap);
        }
    }

    /** {@code vmx_refresh_apicv_exec_ctrl}: posted interrupts on or off with APICv. */
    @Override
    public void refreshApicvExecCtrl(KvmVcpu vcpu) {
        Vmcs vmcs = vmx(vcpu).vmcs;
        if (vcpu.arch.apicvActive) {
            vmcs.pinBasedControls |= Vmcs.PIN_BASED_POSTED_INTR;
        } else {
            vmcs.pinBasedControls &= ~Vmcs.PIN_BASED_POSTED_INTR;
        }
    }

    /** {@code vmx_apicv_pre_state_restore}: clear ON and PIR. */
    @Override
    public void apicvPreStateRestore(KvmVcpu vcpu) {
        PostedInterrupts.apicvPreStateRestore(vmx(vcpu).vt);
    }

    @Override
    public long requiredApicvInhibits() {
        return REQUIRED_APICV_INHIBITS;
    }

    // ---- SMM, INIT/SIPI, MSRs -----------------------------------------------------------------

    /** {@code vmx_smi_allowed}: not already in SMM. */
    @Override
    public int smiAllowed(KvmVcpu vcpu, boolean forInjection) {
        return vcpu.arch.inSmm ? 0 : 1;
    }

    /** {@code vmx_enter_smm}: the guest's state is saved and its SMI handler starts. */
    @Override
    public int enterSmm(KvmVcpu vcpu) {
        vmx(vcpu).guest.enterSmm();
        return 0;
    }

    /** {@code vmx_leave_smm}: the state RSM restores. */
    @Override
    public int leaveSmm(KvmVcpu vcpu) {
        vmx(vcpu).guest.leaveSmm();
        return 0;
    }

    /** {@code vmx_enable_smi_window}: nothing (an SMI is blocked only in SMM). */
    @Override
    public void enableSmiWindow(KvmVcpu vcpu) {
        // VMX has no SMI window: an SMI is held only while the vCPU is in SMM
    }

    /** {@code vmx_apic_init_signal_blocked}: only in VMX root operation of a nested guest, never here. */
    @Override
    public boolean apicInitSignalBlocked(KvmVcpu vcpu) {
        return false;
    }

    /** {@code kvm_vcpu_deliver_sipi_vector}: CS = vector &lt;&lt; 8, RIP = 0: the guest starts there. */
    @Override
    public void vcpuDeliverSipiVector(KvmVcpu vcpu, int vector) {
        vmx(vcpu).guest.startup(vector);
    }

    /** {@code vmx_has_emulated_msr}: SMBASE is emulated (SMM is possible). */
    @Override
    public boolean hasEmulatedMsr(Kvm kvm, int msr) {
        return msr == Kvm.MSR_IA32_SMBASE;
    }
}
