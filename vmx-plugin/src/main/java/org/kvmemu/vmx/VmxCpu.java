package org.kvmemu.vmx;

import org.kvmemu.api.apic.X2apicMsrs;
import org.kvmemu.api.guest.Guest;
import org.kvmemu.api.guest.GuestHardware;
import org.kvmemu.api.guest.GuestRegisters;
import org.kvmemu.api.kvm.ExitFastpath;
import org.kvmemu.api.kvm.ExitInfo;
import org.kvmemu.api.kvm.KvmVcpu;
import org.kvmemu.api.kvm.Lapic;
import org.kvmemu.api.kvm.VmxExitReasons;
import org.kvmemu.api.platform.GuestMode;
import org.kvmemu.api.platform.HostVectors;
import org.kvmemu.api.platform.PhysicalCpu;
import org.kvmemu.api.sim.SimEvent;
import org.kvmemu.api.trace.KvmTracePoints;
import org.kvmemu.api.trace.Tracer;
import org.kvmemu.vmx.common.PiDesc;
import org.kvmemu.vmx.common.PostedInterrupts;
import org.kvmemu.vmx.common.VcpuVt;

/**
 * One vCPU's VMX hardware and {@code struct vcpu_vmx}: the VMCS, the posted-interrupt descriptor,
 * VM entry (event injection from the VM-entry interruption field), VMX non-root operation
 * (interrupt and NMI windows, virtual-interrupt delivery from RVI, EOI virtualization,
 * posted-interrupt processing) and VM exits. Follows the Intel SDM's VMX chapters.
 */
final class VmxCpu implements GuestHardware, GuestMode {

    /** Exit qualification of an EPT violation on a data write to a not-present page. */
    static final long EPT_VIOLATION_WRITE_QUALIFICATION = 0x2;

    private static final String IPIV_WAKEUP = "ipiv 0xf1";
    private static final String IPIV_POSTED = "ipiv 0xf2";

    final KvmVcpu vcpu;
    final Vmcs vmcs = new Vmcs();
    /** {@code struct vcpu_vt}: the posted-interrupt descriptor and the last exit's fields. */
    final VcpuVt vt;
    final Guest guest;
    /** The guest-state area: RFLAGS.IF, interruptibility and activity state. */
    final GuestRegisters regs = new GuestRegisters();
    private final Tracer trace;
    private boolean entering;
    private boolean immediateExit;
    /** The {@code force_immediate_exit} of the last entry. */
    private boolean enteredWithImmediateExit;
    /** What the last exit's fastpath did ({@code vmx_exit_handlers_fastpath}). */
    ExitFastpath exitFastpath = ExitFastpath.NONE;
    private boolean latchedHostNmi;
    private boolean latchedMachineCheck;
    private boolean inHostSmm;
    private final SimEvent entryDone = new SimEvent() {
        @Override
        protected void fire() {
            completeEntry();
        }
    };
    private final SimEvent exitDone = new SimEvent() {
        @Override
        protected void fire() {
            completeExit();
        }
    };

    private final VmxOps ops;

    VmxCpu(KvmVcpu vcpu, VmxOps ops, Guest guest) {
        this.vcpu = vcpu;
        this.ops = ops;
        this.guest = guest;
        this.trace = vcpu.kvm().trace();
        this.vt = new VcpuVt(vcpu);
        guest.attach(this, regs);
        vt.pid().setNv(HostVectors.POSTED_INTR);
    }

    private Lapic apic() {
        return vcpu.apic();
    }

    // ---- entry ---------------------------------------------------------------------------

    /** VMLAUNCH/VMRESUME: the CPU enters guest mode after the entry cost. */
    void enter(boolean forceImmediateExit) {
        if (trace.on(KvmTracePoints.KVM_ENTRY)) {
            int info = vmcs.entryIntrInfo;
            boolean hasError = (info & (Vmcs.INTR_INFO_VALID | Vmcs.INTR_INFO_DELIVER_CODE))
                    == (Vmcs.INTR_INFO_VALID | Vmcs.INTR_INFO_DELIVER_CODE);
            trace.emit(KvmTracePoints.KVM_ENTRY, vcpu.task(), vcpu.cpu(), vcpu.id(), 0L, forceImmediateExit,
                    info, hasError ? vmcs.entryErrorCode : 0);
        }
        long waitNs = vcpu.apic().timer().waitLapicExpire();
        immediateExit = forceImmediateExit;
        enteredWithImmediateExit = forceImmediateExit;
        entering = true;
        latchedHostNmi = false;
        latchedMachineCheck = false;
        vcpu.pcpu().enterGuest(this);
        long done = vcpu.kvm().sim().now() + waitNs + vcpu.kvm().costs().vmEntryNs;
        if (vcpu.kvm().sim().tryAdvance(done)) {
            completeEntry();
        } else {
            vcpu.kvm().sim().at(done, entryDone);
        }
    }

    private void completeEntry() {
        entering = false;
        vmcs.idtVectoringInfo = 0;
        if (latchedMachineCheck) {
            latchedMachineCheck = false;
            exit(VmxExitReasons.MCE_DURING_VMENTRY | VmxExitReasons.FAILED_VMENTRY, 0, 0);
            return;
        }
        int info = vmcs.entryIntrInfo;
        vmcs.entryIntrInfo = 0;
        if ((info & Vmcs.INTR_INFO_VALID) != 0) {
            if (guest.takeDeliveryFault()) {
                vmcs.idtVectoringInfo = info;
                exit(VmxExitReasons.EPT_VIOLATION, EPT_VIOLATION_WRITE_QUALIFICATION, 0);
                return;
            }
            deliverEntryEvent(info);
        }
        runOrExitForLatched();
    }

    /** Guest execution starts, unless an event latched meanwhile makes the CPU exit at once. */
    private void runOrExitForLatched() {
        if (latchedMachineCheck) {
            latchedMachineCheck = false;
            machineCheck();
        } else if (latchedHostNmi) {
            exit(VmxExitReasons.EXCEPTION_NMI, 0, Vmcs.INTR_INFO_VALID | Vmcs.INTR_TYPE_NMI | HostVectors.NMI);
        } else if (pcpu().anyPending()) {
            exit(VmxExitReasons.EXTERNAL_INTERRUPT, 0, Vmcs.INTR_INFO_VALID | pcpu().acknowledgeHighest());
        } else if (immediateExit) {
            immediateExit = false;
            exit(VmxExitReasons.PREEMPTION_TIMER, 0, 0);
        } else {
            guest.enter(vcpu.cpu());
        }
    }

    private void deliverEntryEvent(int info) {
        int vector = info & 0xff;
        switch (info & Vmcs.INTR_TYPE_MASK) {
            case Vmcs.INTR_TYPE_NMI -> guest.deliverNmi();
            case Vmcs.INTR_TYPE_HARD_EXCEPTION -> {
                if (vector == VmxOps.MC_VECTOR) {
                    guest.deliverMachineCheck();
                } else {
                    guest.deliverException(vector);
                }
            }
            default -> guest.deliverInterrupt(vector);
        }
    }

    // ---- exit ----------------------------------------------------------------------------

    /** A VM exit now: the guest stops; KVM sees it after the exit cost. */
    void exit(int reason, long qualification, int intrInfo) {
        guest.exit();
        vt.exitReason = reason;
        vt.exitQualification = qualification;
        vt.exitIntrInfo = intrInfo;
        vcpu.pcpu().leaveGuest();
        vcpu.kvm().sim().after(vcpu.kvm().costs().vmExitNs, exitDone);
    }

    private void completeExit() {
        boolean failedEntry = (vt.exitReason & VmxExitReasons.FAILED_VMENTRY) != 0;
        if (failedEntry && (vt.exitReason & 0xffff) == VmxExitReasons.MCE_DURING_VMENTRY) {
            vcpu.pcpu().handleMachineCheck();
        }
        if (vt.exitReason == VmxExitReasons.EXCEPTION_NMI
                && (vt.exitIntrInfo & Vmcs.INTR_TYPE_MASK) == Vmcs.INTR_TYPE_NMI) {
            vcpu.pcpu().handleExitNmi();
        }
        if (trace.on(KvmTracePoints.KVM_EXIT)) {
            ExitInfo info = vcpu.exitInfo();
            trace.emit(KvmTracePoints.KVM_EXIT, vcpu.task(), vcpu.cpu(), info.reason, 0L, 1, info.info1,
                    info.info2, info.intrInfo, info.errorCode, vcpu.id(), vcpu.requests());
        }
        exitFastpath = ExitFastpath.NONE;
        if (!failedEntry) {
            VmxOps.completeInterrupts(vcpu, regs, vmcs.idtVectoringInfo);
            trace.setContext(vcpu.task(), vcpu.cpu());
            exitFastpath = ops.exitHandlersFastpath(this, enteredWithImmediateExit);
        }
        vcpu.vmExited(exitFastpath);
    }

    // ---- host events while in guest mode ----------------------------------------------

    @Override
    public void hostInterrupt(int vector) {
        if (entering || inHostSmm) {
            if (!postedNotification(vector)) {
                pcpu().holdPending(vector);
            }
            return;
        }
        if (postedNotification(vector)) {
            guest.poke();
            return;
        }
        exit(VmxExitReasons.EXTERNAL_INTERRUPT, 0, Vmcs.INTR_INFO_VALID | vector);
    }

    /** Posted-interrupt processing of the notification vector in guest mode: PIR to vIRR, RVI; no exit. */
    private boolean postedNotification(int vector) {
        if (vector != vt.pid().nv() || (vmcs.pinBasedControls & Vmcs.PIN_BASED_POSTED_INTR) == 0) {
            return false;
        }
        vt.pid().clearOn();
        vt.pid().pir().drainInto(apic().irr());
        vmcs.rvi = Math.max(vmcs.rvi, Math.max(apic().irr().highest(), 0));
        if (trace.on(PostedInterrupts.PI_NOTIFY)) {
            trace.emit(PostedInterrupts.PI_NOTIFY, "guest" + vcpu.id(), vcpu.cpu(), vcpu.id(), vector, vmcs.rvi);
        }
        return true;
    }

    @Override
    public void hostNmi() {
        if (entering || inHostSmm) {
            latchedHostNmi = true;
            return;
        }
        exit(VmxExitReasons.EXCEPTION_NMI, 0, Vmcs.INTR_INFO_VALID | Vmcs.INTR_TYPE_NMI | HostVectors.NMI);
    }

    /**
     * A physical SMI under the default (non-STM) treatment: no VM exit; the CPU runs the host's SMM
     * firmware and RSMs back into the guest, which just stops for {@code ns}. Host events that
     * arrive meanwhile are held until then. A machine-check SMI is no different here.
     */
    @Override
    public void hostSmi(long ns, boolean msmi) {
        if (entering) {
            vcpu.kvm().sim().at(entryDone.time() + ns, entryDone);
            return;
        }
        guest.exit();
        inHostSmm = true;
        vcpu.kvm().sim().after(ns, SimEvent.of(() -> {
            inHostSmm = false;
            runOrExitForLatched();
        }));
    }

    /** A machine check: during VM entry a failed entry (MCE_DURING_VMENTRY), else an #MC exit. */
    @Override
    public void machineCheck() {
        if (entering || inHostSmm) {
            latchedMachineCheck = true;
            return;
        }
        exit(VmxExitReasons.EXCEPTION_NMI, 0,
                Vmcs.INTR_INFO_VALID | Vmcs.INTR_TYPE_HARD_EXCEPTION | VmxOps.MC_VECTOR);
    }

    // ---- guest instructions and boundaries ------------------------------------------------

    @Override
    public boolean atBoundary() {
        if ((vmcs.cpuBasedControls & Vmcs.CPU_BASED_NMI_WINDOW_EXITING) != 0 && !regs.nmiBlocked() && regs.shadow() == 0) {
            exit(VmxExitReasons.NMI_WINDOW, 0, 0);
            return true;
        }
        if ((vmcs.cpuBasedControls & Vmcs.CPU_BASED_INTR_WINDOW_EXITING) != 0 && regs.interruptible()) {
            exit(VmxExitReasons.INTERRUPT_WINDOW, 0, 0);
            return true;
        }
        if (vcpu.arch.apicvActive && regs.interruptible()) {
            deliverVirtualInterrupt();
        }
        return false;
    }

    /** Virtual-interrupt delivery: RVI above VPPR is delivered, vIRR to vISR, SVI and RVI updated. */
    private void deliverVirtualInterrupt() {
        int rvi = vmcs.rvi;
        int vppr = vppr();
        if (rvi == 0 || (rvi & 0xf0) <= vppr) {
            return;
        }
        Lapic apic = apic();
        apic.irr().clear(rvi);
        apic.isr().set(rvi);
        vmcs.svi = rvi;
        vmcs.rvi = Math.max(apic.irr().highest(), 0);
        guest.deliverInterrupt(rvi);
    }

    /** VPPR from VTPR and SVI, as PPR virtualization computes it. */
    private int vppr() {
        int tpr = apic().tpr();
        int svi = vmcs.svi;
        return (tpr & 0xf0) >= (svi & 0xf0) ? tpr & 0xff : svi & 0xf0;
    }

    @Override
    public boolean hlt() {
        exit(VmxExitReasons.HLT, 0, 0);
        return true;
    }

    /**
     * WRMSR to the x2APIC or the TSC-deadline MSR, through the MSR bitmap
     * {@code vmx_update_msr_bitmap_x2apic} sets up: with APICv the CPU virtualizes EOI (no exit
     * unless the vector is in the EOI-exit bitmap: EOI_INDUCED); the ICR is passed through only with IPIv
     * ({@code if (enable_ipiv)}), where the CPU posts a fixed physical IPI itself and any other ICR
     * value is a trap-like APIC_WRITE exit; every other write, the ICR without IPIv included, is
     * intercepted with MSR_WRITE.
     */
    @Override
    public boolean writeMsr(int msr, long value) {
        vmcs.exitMsr = msr;
        vmcs.exitValue = value;
        if (vcpu.arch.apicvActive && msr == X2apicMsrs.EOI) {
            return virtualEoi();
        }
        VmxCpu ipivTarget = msr == X2apicMsrs.ICR ? ops.ipivTarget(vcpu, value) : null;
        if (ipivTarget != null) {
            ipivPost(ipivTarget, (int) value & 0xff);
            return false;
        }
        if (vcpu.arch.apicvActive && msr == X2apicMsrs.ICR && ops.enableIpiv()) {
            exit(VmxExitReasons.APIC_WRITE, X2apicMsrs.offset(msr), 0);
        } else {
            exit(VmxExitReasons.MSR_WRITE, 0, 0);
        }
        return true;
    }

    /**
     * IPI virtualization: the CPU itself sets the vector in the target's PIR (found through the PID
     * table) and, only when ON and SN are both clear, sets ON and sends the descriptor's
     * notification vector NV (0xf2 running, 0xf1 blocked) to its NDST.
     */
    private void ipivPost(VmxCpu target, int vector) {
        PiDesc pid = target.vt.pid();
        boolean onBefore = pid.on();
        pid.testAndSetPir(vector);
        if (onBefore || pid.sn()) {
            PostedInterrupts.post(trace, target.vcpu, vector, onBefore, onBefore, pid, "none");
            return;
        }
        pid.setOn();
        PostedInterrupts.post(trace, target.vcpu, vector, false, true, pid,
                pid.nv() == HostVectors.POSTED_INTR_WAKEUP ? IPIV_WAKEUP : IPIV_POSTED);
        vcpu.kvm().platform().cpu(pid.ndst()).sendIpi(vcpu.cpu(), pid.nv());
    }

    /**
     * EOI virtualization: clear SVI's bit in vISR, SVI := next highest; an EOI-induced exit when the
     * vector is in the EOI-exit bitmap (not the TMR: KVM loads the bitmap from
     * {@code ioapic_handled_vectors}).
     */
    private boolean virtualEoi() {
        int vector = vmcs.svi;
        Lapic apic = apic();
        apic.isr().clear(vector);
        vmcs.svi = Math.max(apic.isr().highest(), 0);
        if (vmcs.eoiExitBitmap.test(vector)) {
            exit(VmxExitReasons.EOI_INDUCED, vector, 0);
            return true;
        }
        return false;
    }

    @Override
    public boolean writeTpr(int tpr) {
        apic().tprWrittenByCpu(tpr);
        if (!vcpu.arch.apicvActive && (tpr & 0xf0) >> 4 < vmcs.tprThreshold) {
            exit(VmxExitReasons.TPR_BELOW_THRESHOLD, 0, 0);
            return true;
        }
        return false;
    }

    /** The guest reads CR8: the TPR of the virtual-APIC page (KVM's LAPIC registers in this model). */
    @Override
    public int readTpr() {
        return apic().tpr();
    }

    /** RSM outside real SMM faults with #UD, which KVM always intercepts (and emulates the RSM). */
    @Override
    public boolean rsm() {
        return fault(VmxOps.UD_VECTOR);
    }

    /** An intercepted exception: EXCEPTION_NMI with a hardware-exception interruption info. */
    @Override
    public boolean fault(int vector) {
        exit(VmxExitReasons.EXCEPTION_NMI, 0, Vmcs.INTR_INFO_VALID | Vmcs.INTR_TYPE_HARD_EXCEPTION | vector);
        return true;
    }

    @Override
    public void nmiUnblocked() {
        // virtual-NMI blocking is the guest's NMI-blocked bit; an armed NMI window opens at the next boundary
    }

    /** The physical CPU the vCPU runs on. */
    PhysicalCpu pcpu() {
        return vcpu.pcpu();
    }
}
