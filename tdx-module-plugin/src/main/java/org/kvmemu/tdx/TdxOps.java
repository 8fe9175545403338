package org.kvmemu.tdx;

import java.util.Arrays;
import java.util.function.Predicate;
import org.kvmemu.api.guest.Guest;
import org.kvmemu.api.invariant.Invariants;
import org.kvmemu.api.kvm.ExitInfo;
import org.kvmemu.api.kvm.Kvm;
import org.kvmemu.api.kvm.KvmVcpu;
import org.kvmemu.api.kvm.Lapic;
import org.kvmemu.api.kvm.VmxExitReasons;
import org.kvmemu.api.platform.HostVectors;
import org.kvmemu.api.sim.SimEvent;
import org.kvmemu.api.trace.KvmTracePoints;
import org.kvmemu.api.trace.TracePoint;
import org.kvmemu.api.trace.Tracer;
import org.kvmemu.tdx.module.Td;
import org.kvmemu.tdx.module.TdxModule;
import org.kvmemu.tdx.module.TdxStatus;
import org.kvmemu.tdx.module.TdvpsField;
import org.kvmemu.vmx.common.IntrInfo;
import org.kvmemu.vmx.common.PiDesc;
import org.kvmemu.vmx.common.PiWakeup;
import org.kvmemu.vmx.common.PostedInterrupts;
import org.kvmemu.vmx.common.VcpuVt;
import org.kvmemu.vmx.common.VmxExitIrqoff;

/**
 * KVM's TDX code (tdx.c) for the vCPUs of one TD: the {@code tdx_*} functions the {@code vt}
 * dispatch sends TD vCPUs to (behaviour.md §D and the TD column of §F). The TD's own state is out of reach:
 * everything about it goes through {@link TdxModule}'s SEAMCALLs.
 */
final class TdxOps {

    /** {@code APICV_INHIBIT_REASON_TDX}, which only the first posting had (bit 12, after LOGICAL_ID_ALIASED). */
    static final int APICV_INHIBIT_TDX = 12;
    /** PEND_NMI is an 8-bit field. */
    private static final long PEND_NMI_MASK = 0xff;

    /** {@code nmi_collapse}: KVM dropped NMIs that can only merge into the one PEND_NMI holds (behaviour.md §E.1). */
    static final TracePoint NMI_COLLAPSE = TracePoint.keyValue("nmi_collapse", "vcpu", "queued", "pending",
            "injected");

    private Kvm kvm;
    private TdxModule module;
    private Td td;
    private PiWakeup wakeup;
    private TdxVariant variant;
    private VcpuTdx[] vcpus = new VcpuTdx[0];
    /** {@code tdx_interrupt_allowed} as the PI put code asks it (one object, not one per put). */
    private final Predicate<KvmVcpu> interruptsAllowed = v -> interruptAllowed(v) > 0;

    /** {@code tdx_vm_init}: the TD is created in the module; the first posting inhibits APICv for it. */
    int vmInit(Kvm vm) {
        this.kvm = vm;
        this.variant = TdxVariant.of(vm.config().option("tdx-variant").orElse(null));
        this.module = new TdxModule(vm.trace(), vm.platform().invariants());
        this.td = module.createTd(vm.config().option("tdx-module.nmi-unblock-after-seamret").orElse("no")
                .equals("yes"));
        this.wakeup = PiWakeup.of(vm.platform());
        if (variant == TdxVariant.V1) {
            vm.setOrClearApicvInhibit(APICV_INHIBIT_TDX, true);
        }
        return 0;
    }

    /** Whether the first posting's inhibit reason is in the table. */
    boolean v1() {
        return variant == TdxVariant.V1;
    }

    private VcpuTdx tdx(KvmVcpu vcpu) {
        return vcpus[vcpu.id()];
    }

    /**
     * {@code tdx_vcpu_create} + KVM_TDX_INIT_VCPU (behaviour.md §D.0): the posted-interrupt descriptor
     * starts with NV = 0xf2 and SN = 1; the module creates the vCPU and owns its registers; KVM's
     * APIC copy is marked protected, and so is the guest's state (a TD that is not a debug TD:
     * {@code guest_state_protected}).
     */
    int vcpuCreate(KvmVcpu vcpu, Guest guest) {
        if (vcpu.id() >= vcpus.length) {
            vcpus = Arrays.copyOf(vcpus, Math.max(vcpu.id() + 1, vcpus.length * 2));
        }
        VcpuVt vt = new VcpuVt(vcpu);
        vt.pid().setSn();
        VcpuTdx tdx = new VcpuTdx(vt, module.createVcpu(td, vcpu, guest, vt.pid()));
        tdx.enter = SimEvent.of(() -> vpEnter(tdx));
        tdx.seamret = () -> afterSeamret(tdx);
        vcpus[vcpu.id()] = tdx;
        vcpu.apic().setGuestApicProtected(true);
        vcpu.arch.guestStateProtected = true;
        return 0;
    }

    /** {@code vmx_vcpu_pi_load} (behaviour.md §D.3, the shared code). */
    void vcpuLoad(KvmVcpu vcpu, int pcpu) {
        wakeup.load(tdx(vcpu).vt, pcpu);
    }

    /** {@code vmx_vcpu_pi_put}: a TD never needs the 0xf1 wake-up without VT-d posting (behaviour.md §D.2). */
    void vcpuPut(KvmVcpu vcpu) {
        wakeup.put(tdx(vcpu).vt, false, interruptsAllowed);
    }

    // ---- entry and exit --------------------------------------------------------------------

    /**
     * {@code tdx_vcpu_run}: with ON set, a self-IPI 0xf2 that the CPU recognises in SEAM non-root,
     * and {@code kvm_wait_lapic_expire} only if the LVTT vector is in the PIR (behaviour.md §D.1, §D.4);
     * then TDH.VP.ENTER.
     */
    void vcpuRun(KvmVcpu vcpu, boolean forceImmediateExit) {
        VcpuTdx tdx = tdx(vcpu);
        Tracer trace = kvm.trace();
        if (trace.on(KvmTracePoints.KVM_ENTRY)) {
            trace.emit(KvmTracePoints.KVM_ENTRY, vcpu.task(), vcpu.cpu(), vcpu.id(), 0L, forceImmediateExit, 0, 0);
        }
        PiDesc pid = tdx.vt.pid();
        long waitNs = 0;
        if (pid.on()) {
            vcpu.pcpu().sendSelfIpi(HostVectors.POSTED_INTR);
            if (pid.pir().test(vcpu.apic().timer().lvtt() & 0xff)) {
                waitNs = vcpu.apic().timer().waitLapicExpire();
            }
        }
        tdx.lastVmentryCpu = vcpu.cpu();
        if (waitNs > 0) {
            kvm.sim().after(waitNs, tdx.enter);
        } else {
            vpEnter(tdx);
        }
    }

    private void vpEnter(VcpuTdx tdx) {
        module.vpEnter(tdx.vp, tdx.args, tdx.seamret);
    }

    /**
     * The rest of {@code tdx_vcpu_enter_exit} and {@code tdx_vcpu_run} at SEAMRET: the exit fields
     * from the returned registers, {@code vmx_handle_nmi} for an NMI exit (behaviour.md §D.15),
     * {@code kvm_machine_check} for an #MC during entry, {@code kvm_exit}, the first posting's
     * {@code tdx_complete_interrupts} (not after a failed entry), then generic KVM goes on.
     */
    private void afterSeamret(VcpuTdx tdx) {
        KvmVcpu vcpu = tdx.vcpu();
        VcpuVt vt = tdx.vt;
        vt.exitQualification = tdx.args.rcx;
        vt.exitIntrInfo = (int) tdx.args.r9;
        vt.exitReason = TdxExits.toVmxExitReason(tdx.args);
        if (vt.basicExitReason() == VmxExitReasons.EXCEPTION_NMI && IntrInfo.isNmi(vt.exitIntrInfo)) {
            vcpu.pcpu().handleExitNmi();
        }
        if (vt.exitReason != TdxExits.UNKNOWN_EXIT && vt.basicExitReason() == VmxExitReasons.MCE_DURING_VMENTRY) {
            vcpu.pcpu().handleMachineCheck();
        }
        Tracer trace = kvm.trace();
        if (trace.on(KvmTracePoints.KVM_EXIT)) {
            ExitInfo info = vcpu.exitInfo();
            trace.emit(KvmTracePoints.KVM_EXIT, vcpu.task(), vcpu.cpu(), info.reason, 0L, 1, info.info1,
                    info.info2, info.intrInfo, info.errorCode, vcpu.id(), vcpu.requests());
        }
        if (v1() && !TdxExits.failedVmentry(vt)) {
            completeInterruptsV1(tdx);
        }
        vcpu.vmExited();
    }

    /**
     * The first posting's {@code tdx_complete_interrupts} (behaviour.md §D.6, dropped in v3): while KVM
     * thinks an NMI is injected, PEND_NMI is read back; KVM forgets it only once the module has
     * delivered it.
     */
    private void completeInterruptsV1(VcpuTdx tdx) {
        KvmVcpu vcpu = tdx.vcpu();
        if (vcpu.arch.nmiInjected) {
            module.vpRd(tdx.vp, TdvpsField.PEND_NMI, tdx.data);
            vcpu.arch.nmiInjected = tdx.data[0] != 0;
        }
    }

    void handleExitIrqoff(KvmVcpu vcpu) {
        VmxExitIrqoff.handle(tdx(vcpu).vt);
    }

    int handleExit(KvmVcpu vcpu) {
        return TdxExits.handleExit(tdx(vcpu));
    }

    void getExitInfo(KvmVcpu vcpu, ExitInfo out) {
        TdxExits.getExitInfo(tdx(vcpu), out);
    }

    // ---- events ------------------------------------------------------------------------------

    /**
     * {@code tdx_inject_nmi} (behaviour.md §D.5): PEND_NMI := 1 through TDH.VP.WR (a failure is KVM_BUG_ON);
     * KVM's injection is complete at once and any further pending NMI merges into it. The first
     * posting left {@code nmi_injected} set, to read PEND_NMI back after the exit.
     */
    void injectNmi(KvmVcpu vcpu) {
        VcpuTdx tdx = tdx(vcpu);
        vcpu.stat().nmiInjections++;
        long status = module.vpWr(tdx.vp, TdvpsField.PEND_NMI, 1, PEND_NMI_MASK);
        if (kvm.bugOn(status != TdxStatus.SUCCESS)) {
            return;
        }
        Tracer trace = kvm.trace();
        if (vcpu.arch.nmiPending > 0 && trace.on(NMI_COLLAPSE)) {
            trace.emit(NMI_COLLAPSE, vcpu.task(), vcpu.cpu(), vcpu.id(), vcpu.arch.nmiQueued, vcpu.arch.nmiPending,
                    vcpu.arch.nmiInjected ? 1 : 0);
        }
        if (!v1()) {
            vcpu.arch.nmiInjected = false;
        }
        vcpu.arch.nmiPending = 0;
    }

    /**
     * {@code tdx_interrupt_allowed} (behaviour.md §D.14): blocked only after TDVMCALL&lt;HLT&gt; with its
     * interrupts-blocked flag; the first posting assumed interrupts always enabled.
     */
    int interruptAllowed(KvmVcpu vcpu) {
        if (v1()) {
            return 1;
        }
        VcpuTdx tdx = tdx(vcpu);
        return tdx.vt.basicExitReason() != VmxExitReasons.HLT || tdx.args.r12 == 0 ? 1 : 0;
    }

    /** {@code tdx_deliver_interrupt} (behaviour.md §D.1): posted only; KVM's IRR is never touched. */
    void deliverInterrupt(Lapic apic, int deliveryMode, boolean levelTriggered, int vector) {
        KvmVcpu vcpu = apic.vcpu();
        PostedInterrupts.deliver(tdx(vcpu).vt, vector);
        Tracer trace = kvm.trace();
        if (trace.on(KvmTracePoints.KVM_APICV_ACCEPT_IRQ)) {
            trace.emit(KvmTracePoints.KVM_APICV_ACCEPT_IRQ, trace.contextTask(), trace.contextCpu(), vcpu.id(),
                    deliveryMode, levelTriggered ? 1 : 0, vector);
        }
    }

    /** {@code tdx_refresh_apicv_exec_ctrl}: APICv is forced on for a TD (behaviour.md §D.9). */
    void refreshApicvExecCtrl(KvmVcpu vcpu) {
        if (!v1()) {
            kvm.bugOn(!vcpu.arch.apicvActive);
        }
    }

    /** {@code vmx_apicv_pre_state_restore}, shared (behaviour.md §D.10). */
    void apicvPreStateRestore(KvmVcpu vcpu) {
        PostedInterrupts.apicvPreStateRestore(tdx(vcpu).vt);
    }

    /**
     * {@code tdx_protected_apic_has_interrupt} (behaviour.md §D.13): a posted interrupt; else, only after
     * TDVMCALL&lt;HLT&gt; with interrupts enabled, INTR_PENDING of the vCPU's state details, read
     * with TDH.VP.RD. The first posting looked at the descriptor only.
     */
    boolean protectedApicHasInterrupt(KvmVcpu vcpu) {
        VcpuTdx tdx = tdx(vcpu);
        if (tdx.vt.pid().hasPendingInterrupt()) {
            return true;
        }
        if (v1() || tdx.vt.basicExitReason() != VmxExitReasons.HLT || tdx.args.r12 != 0) {
            return false;
        }
        if (module.vpRd(tdx.vp, TdvpsField.TD_VCPU_STATE_DETAILS_NON_ARCH, tdx.data) != TdxStatus.SUCCESS) {
            kvm.bugOn(true);
            return false;
        }
        return (tdx.data[0] & TdvpsField.INTR_PENDING) != 0;
    }

    /**
     * An SMM hook called for a TD (behaviour.md §D.7): KVM_BUG_ON, 0. It cannot happen — KVM_SMI is
     * refused and an APIC SMI dropped — so reaching it is the {@code smi-to-td} violation.
     */
    int smiReachedTd(KvmVcpu vcpu, String hook) {
        kvm.platform().invariants().violated(Invariants.SMI_TO_TD, hook + " called for TD vcpu " + vcpu.id(),
                vcpu.task(), vcpu.cpu());
        kvm.bugOn(true);
        return 0;
    }

    /** {@code td-fatal} once the module has marked the TD fatal. */
    String vendorVmState() {
        return td.fatal() ? "td-fatal" : null;
    }
}
