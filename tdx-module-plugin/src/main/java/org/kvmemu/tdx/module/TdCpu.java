package org.kvmemu.tdx.module;

import org.kvmemu.api.apic.X2apicMsrs;
import org.kvmemu.api.guest.Guest;
import org.kvmemu.api.guest.GuestHardware;
import org.kvmemu.api.guest.GuestRegisters;
import org.kvmemu.api.guest.TdvmcallRegisters;
import org.kvmemu.api.kvm.KvmVcpu;
import org.kvmemu.api.kvm.VmxExitReasons;
import org.kvmemu.api.platform.Costs;
import org.kvmemu.api.platform.GuestMode;
import org.kvmemu.api.platform.PhysicalCpu;
import org.kvmemu.api.sim.SimEvent;
import org.kvmemu.api.sim.Simulator;
import org.kvmemu.api.trace.Tracer;
import org.kvmemu.vmx.common.IntrInfo;
import org.kvmemu.vmx.common.PiDesc;
import org.kvmemu.vmx.common.PostedInterrupts;

/**
 * One TD vCPU as the TDX module and the CPU run it: TDH.VP.ENTER into SEAM non-root, the TD's own
 * registers and virtual APIC (posted-interrupt processing on the notification vector, virtual
 * interrupt delivery, EOI and TPR virtualization), PEND_NMI injected through the module's own NMI
 * window, the TDVMCALLs the guest makes (HLT with its interrupts-blocked flag, WRMSR of the x2APIC
 * registers the TD does not virtualize), and TD exits: host interrupts, NMIs, machine checks and
 * SMIs, an MSMI making the TD fatal. Each exit passes through SEAM root and SEAMRET before KVM sees
 * it, which an old module ends with NMIs unblocked (behaviour.md §E.2).
 */
final class TdCpu implements GuestHardware, GuestMode {

    /** {@code EXIT_REASON_OTHER_SMI} exit qualification bit 0: a machine-check SMI. */
    static final long OTHER_SMI_MSMI = 1;
    private static final int NO_SMI = 0;
    private static final int SMI = 1;
    private static final int MSMI = 2;

    final Td td;
    final KvmVcpu vcpu;
    final Guest guest;
    /** The posted-interrupt descriptor KVM named at TDH.VP.INIT (TD-VMCS POSTED_INTR_DESC_ADDR). */
    final PiDesc pid;
    /** The TD's own RFLAGS.IF, interruptibility and activity state. */
    final GuestRegisters regs = new GuestRegisters();
    /** The TD's virtual-APIC page and guest interrupt status. */
    final TdVapic vapic = new TdVapic();
    /** TDVPS {@code PEND_NMI}. */
    long pendNmi;
    private final Tracer trace;
    private final Simulator sim;
    private final Costs costs;
    private final String guestTask;
    private VpEnterArgs args;
    /** The guest's registers of the TDG.VP.VMCALL it exited with, until the next entry answers it. */
    private TdvmcallRegisters pendingCall;
    private Runnable onSeamret;
    private boolean entering;
    private boolean nmiWindow;
    private boolean nmiExit;
    private boolean latchedHostNmi;
    private boolean latchedMachineCheck;
    /** An SMI that arrived during TD entry: {@link #NO_SMI}, {@link #SMI} or {@link #MSMI}. */
    private int latchedSmi;
    private final SimEvent entryDone = new SimEvent() {
        @Override
        protected void fire() {
            completeEntry();
        }
    };
    private final SimEvent seamret = new SimEvent() {
        @Override
        protected void fire() {
            seamret();
        }
    };

    TdCpu(Td td, KvmVcpu vcpu, Guest guest, PiDesc pid) {
        this.td = td;
        this.vcpu = vcpu;
        this.guest = guest;
        this.pid = pid;
        this.trace = vcpu.kvm().trace();
        this.sim = vcpu.kvm().sim();
        this.costs = vcpu.kvm().costs();
        this.guestTask = "guest" + vcpu.id();
        guest.attach(this, regs);
    }

    private PhysicalCpu pcpu() {
        return vcpu.pcpu();
    }

    // ---- TDH.VP.ENTER ---------------------------------------------------------------------

    /**
     * TDH.VP.ENTER: the CPU enters SEAM non-root after the TD entry cost; {@code done} runs at
     * SEAMRET with the exit's registers in {@code out}. A fatal TD is not entered: the call fails
     * with {@code TDX_TD_FATAL}.
     */
    void enter(VpEnterArgs out, Runnable done) {
        args = out;
        onSeamret = done;
        if (pendingCall != null) {
            pendingCall.r10 = out.r10;
            pendingCall.r11 = out.r11;
            pendingCall.r12 = out.r12;
            pendingCall.r13 = out.r13;
            pendingCall.r14 = out.r14;
            pendingCall = null;
        }
        args.clear();
        nmiExit = false;
        if (td.fatal) {
            args.rax = TdxStatus.TD_FATAL;
            sim.after(costs.tdEntryNs, seamret);
            return;
        }
        entering = true;
        latchedHostNmi = false;
        latchedMachineCheck = false;
        latchedSmi = NO_SMI;
        pcpu().enterGuest(this);
        sim.after(costs.tdEntryNs, entryDone);
    }

    /**
     * The entry completes: a notification vector pending in the host LAPIC (the self-IPI KVM sent
     * with ON set) is recognised as posted-interrupt processing; PEND_NMI arms the module's
     * NMI-window exiting; then the guest runs unless a host event latched during entry exits it.
     */
    private void completeEntry() {
        entering = false;
        if (latchedMachineCheck) {
            latchedMachineCheck = false;
            exit(VmxExitReasons.MCE_DURING_VMENTRY | VmxExitReasons.FAILED_VMENTRY, 0, 0, 0);
            return;
        }
        if (pcpu().acknowledge(pid.nv())) {
            processPostedInterrupts(pid.nv());
        }
        if (pendNmi != 0) {
            nmiWindow = true;
        }
        if (latchedSmi != NO_SMI) {
            smi(latchedSmi == MSMI, costs.hostSmiNs);
        } else if (latchedHostNmi) {
            exit(VmxExitReasons.EXCEPTION_NMI, 0, IntrInfo.nmi(), 0);
        } else if (pcpu().anyPending()) {
            exit(VmxExitReasons.EXTERNAL_INTERRUPT, 0, IntrInfo.externalInterrupt(pcpu().acknowledgeHighest()), 0);
        } else {
            if (nmiWindowOpen()) {
                injectPendNmi();
            } else if (nmiWindow && trace.on(TdxTracePoints.TDX_NMI_WINDOW)) {
                trace.emit(TdxTracePoints.TDX_NMI_WINDOW, TdxTracePoints.TASK, vcpu.cpu(), vcpu.id());
            }
            guest.enter(vcpu.cpu());
        }
    }

    /** A TD exit now, through SEAM root; KVM sees it at SEAMRET, {@code extraNs} later than usual. */
    private void exit(int reason, long qualification, int intrInfo, long extraNs) {
        exitWithStatus(TdxStatus.SUCCESS, reason, qualification, intrInfo, extraNs);
    }

    private void exitWithStatus(long status, int reason, long qualification, int intrInfo, long extraNs) {
        guest.exit();
        args.rax = status | (reason & 0xffffffffL);
        args.rcx = qualification;
        args.r9 = intrInfo & 0xffffffffL;
        nmiExit = reason == VmxExitReasons.EXCEPTION_NMI && IntrInfo.isNmi(intrInfo);
        pcpu().leaveGuest();
        sim.after(costs.tdExitNs + extraNs, seamret);
    }

    /** SEAMRET to KVM; the old module reloads NMIs unblocked after an NMI-induced exit (behaviour.md §E.2). */
    private void seamret() {
        if (trace.on(TdxTracePoints.TDX_SEAMRET)) {
            trace.emit(TdxTracePoints.TDX_SEAMRET, vcpu.task(), vcpu.cpu(), vcpu.id(), "TDH.VP.ENTER",
                    TdxStatus.status(args.rax), (int) args.rax);
        }
        if (nmiExit && td.nmiUnblockAfterSeamret) {
            pcpu().unblockNmis();
        }
        onSeamret.run();
    }

    // ---- the TD's virtual APIC and PEND_NMI --------------------------------------------------

    /** Posted-interrupt processing in SEAM non-root: PIR into vIRR, RVI; no exit. */
    private void processPostedInterrupts(int vector) {
        vapic.processPostedInterrupts(pid);
        if (trace.on(PostedInterrupts.PI_NOTIFY)) {
            trace.emit(PostedInterrupts.PI_NOTIFY, guestTask, vcpu.cpu(), vcpu.id(), vector, vapic.rvi());
        }
    }

    /** Whether the module's NMI-window exit happens now: armed, and the TD's NMIs not blocked. */
    private boolean nmiWindowOpen() {
        return nmiWindow && !regs.nmiBlocked() && regs.shadow() == 0;
    }

    /** {@code td_nmi_exit}: the module injects the NMI, clears PEND_NMI and NMI-window exiting. */
    private void injectPendNmi() {
        pendNmi = 0;
        nmiWindow = false;
        if (trace.on(TdxTracePoints.TDX_PEND_NMI_INJECT)) {
            trace.emit(TdxTracePoints.TDX_PEND_NMI_INJECT, TdxTracePoints.TASK, vcpu.cpu(), vcpu.id());
        }
        guest.deliverNmi();
    }

    // ---- the guest's instructions and boundaries ---------------------------------------------

    @Override
    public boolean atBoundary() {
        if (nmiWindowOpen()) {
            injectPendNmi();
            return false;
        }
        if (regs.interruptible() && vapic.intrPending()) {
            guest.deliverInterrupt(vapic.deliver());
        }
        return false;
    }

    /** TDG.VP.VMCALL&lt;HLT&gt;: R12 is the interrupts-blocked flag (RFLAGS.IF = 0). */
    @Override
    public boolean hlt() {
        args.r10 = 0;
        args.r11 = VmxExitReasons.HLT;
        args.r12 = regs.ifFlag() ? 0 : 1;
        exit(VmxExitReasons.TDCALL, 0, 0, 0);
        return true;
    }

    /**
     * EOI is virtualized (no exit); the other x2APIC registers and TSC_DEADLINE raise #VE, whose
     * handler makes TDG.VP.VMCALL&lt;WRMSR&gt; (R12 the MSR, R13 the value).
     */
    @Override
    public boolean writeMsr(int msr, long value) {
        if (msr == X2apicMsrs.EOI) {
            vapic.eoi();
            return false;
        }
        args.r10 = 0;
        args.r11 = VmxExitReasons.MSR_WRITE;
        args.r12 = msr;
        args.r13 = value;
        exit(VmxExitReasons.TDCALL, 0, 0, 0);
        return true;
    }

    /**
     * TDG.VP.VMCALL of a GHCI sub-function (R10 = 0, R11 the leaf, R12..R14 its arguments): a TD
     * exit; the next TDH.VP.ENTER hands the host's R10..R14 back to the guest in {@code regs}.
     */
    @Override
    public boolean tdvmcall(TdvmcallRegisters regs) {
        pendingCall = regs;
        args.r10 = 0;
        args.r11 = regs.r11;
        args.r12 = regs.r12;
        args.r13 = regs.r13;
        args.r14 = regs.r14;
        exit(VmxExitReasons.TDCALL, 0, 0, 0);
        return true;
    }

    /** TPR virtualization: VTPR only, never an exit. */
    @Override
    public boolean writeTpr(int tpr) {
        vapic.setVtpr(tpr);
        return false;
    }

    @Override
    public int readTpr() {
        return vapic.vtpr();
    }

    /** An exception the TD does not handle itself: a TD exit with its interruption information. */
    @Override
    public boolean fault(int vector) {
        exit(VmxExitReasons.EXCEPTION_NMI, 0, IntrInfo.hardException(vector), 0);
        return true;
    }

    /** RSM outside SMM: #UD (a TD has no SMM). */
    @Override
    public boolean rsm() {
        return fault(IntrInfo.UD_VECTOR);
    }

    @Override
    public void nmiUnblocked() {
        // an armed NMI window opens at the next boundary
    }

    // ---- host events in SEAM non-root ----------------------------------------------------------

    @Override
    public void hostInterrupt(int vector) {
        if (entering) {
            if (vector == pid.nv()) {
                processPostedInterrupts(vector);
            } else {
                pcpu().holdPending(vector);
            }
            return;
        }
        if (vector == pid.nv()) {
            processPostedInterrupts(vector);
            guest.poke();
            return;
        }
        exit(VmxExitReasons.EXTERNAL_INTERRUPT, 0, IntrInfo.externalInterrupt(vector), 0);
    }

    @Override
    public void hostNmi() {
        if (entering) {
            latchedHostNmi = true;
            return;
        }
        exit(VmxExitReasons.EXCEPTION_NMI, 0, IntrInfo.nmi(), 0);
    }

    /**
     * An SMI in SEAM non-root exits the TD (OTHER_SMI); the host's SMM firmware runs right after
     * SEAMRET, before KVM resumes. A machine-check SMI makes the module mark the TD fatal and
     * return {@code TDX_NON_RECOVERABLE_TD} (behaviour.md §D.12).
     */
    @Override
    public void hostSmi(long ns, boolean msmi) {
        if (entering) {
            latchedSmi = msmi ? MSMI : SMI;
            return;
        }
        smi(msmi, ns);
    }

    private void smi(boolean msmi, long ns) {
        if (!msmi) {
            exit(VmxExitReasons.OTHER_SMI, 0, 0, ns);
            return;
        }
        td.fatal = true;
        if (trace.on(TdxTracePoints.TDX_TD_FATAL)) {
            trace.emit(TdxTracePoints.TDX_TD_FATAL, TdxTracePoints.TASK, vcpu.cpu(), vcpu.id(), "msmi",
                    TdxStatus.NON_RECOVERABLE_TD);
        }
        exitWithStatus(TdxStatus.NON_RECOVERABLE_TD, VmxExitReasons.OTHER_SMI, OTHER_SMI_MSMI, 0, ns);
    }

    @Override
    public void machineCheck() {
        if (entering) {
            latchedMachineCheck = true;
            return;
        }
        exit(VmxExitReasons.EXCEPTION_NMI, 0, IntrInfo.hardException(IntrInfo.MC_VECTOR), 0);
    }
}
