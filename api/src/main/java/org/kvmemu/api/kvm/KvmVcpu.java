package org.kvmemu.api.kvm;

import org.kvmemu.api.annotation.API;
import org.kvmemu.api.platform.HostVectors;
import org.kvmemu.api.apic.DeliveryMode;
import org.kvmemu.api.apic.Shorthand;
import org.kvmemu.api.apic.X2apicMsrs;
import org.kvmemu.api.platform.PhysicalCpu;
import org.kvmemu.api.trace.KvmTracePoints;
import org.kvmemu.api.trace.Tracer;

/**
 * A vCPU as vendor code sees it: {@code struct kvm_vcpu} with its arch event state, its local APIC,
 * statistics and {@code kvm_run}, requests, kicks and wake-ups. The KVM_RUN loop ({@link VcpuRunLoop})
 * and the host thread ({@link VcpuThread}) are KVM's and the host's own; the ioctls are reached only
 * through the vCPU's file descriptor ({@link VcpuFd}), which only the VM's creator holds. A backend
 * reports each VM exit with {@link #vmExited()}.
 */
@API(status = API.Status.MAINTAINED, since = "1")
public final class KvmVcpu {

    /** {@code APIC_DEST_LOGICAL} in the ICR. */
    private static final int ICR_DEST_LOGICAL = 1 << 11;

    /** What the vCPU's host thread is doing. */
    public enum ThreadState {
        /** In userspace, between KVM_RUN calls. */
        USERSPACE,
        /** In KVM, outside guest mode. */
        KVM,
        /** In guest mode (VMX non-root, or SEAM for a TD). */
        GUEST,
        /** Blocked in {@code kvm_vcpu_block} (halted). */
        BLOCKED,
        /** Runnable but scheduled out by the host ({@code vcpu->preempted}). */
        PREEMPTED
    }

    /** The arch event state ({@code vcpu->arch}). */
    public final VcpuArch arch = new VcpuArch();

    private final Kvm kvm;
    private final int id;
    private final Lapic apic;
    private final VcpuStats stat = new VcpuStats();
    private final KvmRun run = new KvmRun();
    private final String task;
    private final ExitInfo exitInfo = new ExitInfo();
    private final EventInjection events;
    private final PhysicalCpu pcpu;
    final VcpuThread thread;
    final VcpuRunLoop loop;
    private long requests;
    private VcpuMode mode = VcpuMode.OUTSIDE_GUEST_MODE;
    private boolean guestDebugBlockIrq;

    KvmVcpu(Kvm kvm, int id, PhysicalCpu pcpu) {
        this.kvm = kvm;
        this.id = id;
        this.pcpu = pcpu;
        this.task = "vcpu" + id;
        this.apic = new Lapic(this);
        this.events = new EventInjection(this);
        this.thread = new VcpuThread(this);
        this.loop = new VcpuRunLoop(this);
    }

    /** The event logic of x86.c and irq.c for this vCPU. */
    EventInjection events() {
        return events;
    }

    /** {@code vcpu_id}. */
    public int id() {
        return id;
    }

    /** The VM. */
    public Kvm kvm() {
        return kvm;
    }

    /** The local APIC. */
    public Lapic apic() {
        return apic;
    }

    /** Statistics. */
    public VcpuStats stat() {
        return stat;
    }

    /** The shared {@code kvm_run} area. */
    public KvmRun run() {
        return run;
    }

    /** The physical CPU the vCPU thread runs on. */
    public PhysicalCpu pcpu() {
        return pcpu;
    }

    /** The physical CPU number, for traces. */
    public int cpu() {
        return pcpu.id();
    }

    /** The trace task name, {@code vcpuN}. */
    public String task() {
        return task;
    }

    /** {@code vcpu->mode}. */
    public VcpuMode mode() {
        return mode;
    }

    void setMode(VcpuMode mode) {
        this.mode = mode;
    }

    /**
     * What the vCPU thread is doing: {@link ThreadState#BLOCKED} is {@code kvm_vcpu_is_blocking},
     * {@link ThreadState#PREEMPTED} is {@code vcpu->preempted}.
     */
    public ThreadState thread() {
        return thread.state();
    }

    // ---- requests --------------------------------------------------------------------------

    /** {@code kvm_make_request}. */
    public void makeRequest(int req) {
        requests |= 1L << req;
    }

    /** {@code kvm_test_request}. */
    public boolean testRequest(int req) {
        return (requests & (1L << req)) != 0;
    }

    /** {@code kvm_check_request}: test and clear. */
    public boolean checkRequest(int req) {
        boolean set = testRequest(req);
        requests &= ~(1L << req);
        return set;
    }

    /** The raw request bitmap ({@code vcpu->requests}). */
    public long requests() {
        return requests;
    }

    // ---- kicks and wake-ups ---------------------------------------------------------------

    /**
     * {@code kvm_vcpu_kick}: wake the vCPU if it is blocked; if it is in guest mode, send its
     * physical CPU a reschedule IPI so that it exits. From the vCPU's own thread (an exit
     * fastpath, still IN_GUEST_MODE) it only marks the vCPU EXITING_GUEST_MODE
     * ({@code vcpu == kvm_running_vcpu}).
     */
    public void kick() {
        if (wakeUp()) {
            return;
        }
        if (mode == VcpuMode.IN_GUEST_MODE && task.equals(kvm.trace().contextTask())) {
            mode = VcpuMode.EXITING_GUEST_MODE;
        } else if (mode == VcpuMode.IN_GUEST_MODE) {
            mode = VcpuMode.EXITING_GUEST_MODE;
            pcpu.sendIpi(kvm.trace().contextCpu(), HostVectors.RESCHEDULE);
        }
    }

    /** {@code kvm_vcpu_wake_up}: wake a blocked vCPU thread; returns whether it was blocked. */
    public boolean wakeUp() {
        return loop.wakeUp();
    }

    /** Whether a wake-up of the blocked thread is on its way. */
    public boolean wakeUpPending() {
        return loop.wakeUpPending();
    }

    // ---- exits -----------------------------------------------------------------------------

    /**
     * The backend reports that the guest exited: the rest of {@code vcpu_enter_guest}
     * ({@code handle_exit_irqoff}, host interrupts, {@code handle_exit}), then the loop goes on.
     */
    public void vmExited() {
        loop.vmExited(ExitFastpath.NONE);
    }

    /**
     * The backend reports that the guest exited and what its exit fastpath did: with
     * {@link ExitFastpath#REENTER_GUEST} {@code vcpu_enter_guest} syncs PIR and, unless
     * {@code kvm_vcpu_exit_request}, enters the guest again at once; otherwise the rest of
     * {@code vcpu_enter_guest} follows, {@code handle_exit} included.
     */
    public void vmExited(ExitFastpath fastpath) {
        loop.vmExited(fastpath);
    }

    /**
     * {@code handle_fastpath_set_msr_irqoff}: a WRMSR of the x2APIC ICR with a fixed, physical,
     * no-shorthand, non-broadcast IPI is sent now ({@code kvm_x2apic_icr_write}), traced as
     * {@code kvm_msr}, and the guest re-entered; anything else (TSC_DEADLINE too: that fastpath
     * needs the VMX preemption timer, which the model does not use) is left to the full path.
     */
    public ExitFastpath handleFastpathSetMsrIrqoff(int msr, long value) {
        int low = (int) value;
        boolean fastIcr = msr == X2apicMsrs.ICR && Shorthand.ofIcr(low) == Shorthand.NONE
                && (low & ICR_DEST_LOGICAL) == 0 && DeliveryMode.ofBits(low) == DeliveryMode.FIXED
                && (int) (value >>> 32) != Kvm.X2APIC_BROADCAST;
        if (!fastIcr) {
            return ExitFastpath.NONE;
        }
        apic.x2apicMsrWrite(msr, value);
        traceMsrWrite(msr, value, false);
        return ExitFastpath.REENTER_GUEST;
    }

    /**
     * {@code handle_fastpath_hlt}: {@code kvm_emulate_halt} before host interrupts are enabled; a
     * vCPU that has events stays runnable and re-enters the guest, else the run loop blocks it.
     */
    public ExitFastpath handleFastpathHlt() {
        emulateHalt();
        return arch.mpState == MpState.RUNNABLE ? ExitFastpath.REENTER_GUEST : ExitFastpath.EXIT_HANDLED;
    }

    /** The exit information the backend last reported (for {@code kvm_exit}). */
    public ExitInfo exitInfo() {
        kvm.ops().getExitInfo(this, exitInfo);
        return exitInfo;
    }

    /** {@code __kvm_emulate_halt}: a HLT exit; returns 1. */
    public int emulateHalt() {
        stat.haltExits++;
        if (!events.kvmVcpuHasEvents()) {
            arch.mpState = MpState.HALTED;
        }
        return 1;
    }

    /**
     * {@code kvm_emulate_wrmsr} for the MSRs this model emulates (the x2APIC registers and
     * IA32_TSC_DEADLINE): the write ({@code kvm_x2apic_msr_write}), then
     * {@code trace_kvm_msr_write}, or for a write the local APIC refuses
     * {@code trace_kvm_msr_write_ex} (" (#GP)"). Returns the error (0, or 1 for a refused write) for
     * the vendor's {@code complete_emulated_msr}.
     */
    public int emulateWrmsr(int msr, long value) {
        int err = apic.x2apicMsrWrite(msr, value);
        traceMsrWrite(msr, value, err != 0);
        return err;
    }

    /** {@code trace_kvm_msr_write} (or {@code _ex} when {@code fault}). */
    public void traceMsrWrite(int msr, long value, boolean fault) {
        Tracer trace = kvm.trace();
        if (trace.on(KvmTracePoints.KVM_MSR)) {
            trace.emit(KvmTracePoints.KVM_MSR, task, cpu(), 1, msr, value, fault);
        }
    }

    /** {@code kvm_queue_exception}: exception {@code vector} becomes pending for injection. */
    public void queueException(int vector, boolean hasError, int errorCode) {
        events.queueException(vector, hasError, errorCode);
    }

    /** {@code kvm_vcpu_has_events} (behaviour.md §A.6): whether a blocked vCPU would wake for something now. */
    public boolean hasEvents() {
        return events.kvmVcpuHasEvents();
    }

    // ---- state the ioctls and the run loop share -----------------------------------------

    /** {@code kvm_apic_init_sipi_allowed}: not in SMM and INIT not blocked by the backend. */
    boolean initSipiAllowed() {
        return !arch.inSmm && !kvm.ops().apicInitSignalBlocked(this);
    }

    /** Whether guest debugging blocks interrupt injection ({@code KVM_GUESTDBG_BLOCKIRQ}). */
    boolean guestDebugBlockIrq() {
        return guestDebugBlockIrq;
    }

    void setGuestDebugBlockIrq(boolean blockIrq) {
        guestDebugBlockIrq = blockIrq;
    }

    /**
     * {@code kvm_vcpu_reset}: the LAPIC and the event queues are reset, then the backend's
     * {@code vcpu_reset}.
     */
    void reset(boolean initEvent) {
        apic.reset();
        arch.nmiInjected = false;
        arch.nmiPending = 0;
        arch.nmiQueued = 0;
        arch.smiPending = false;
        arch.interruptInjected = false;
        arch.exceptionInjected = false;
        arch.exceptionPending = false;
        kvm.ops().vcpuReset(this, initEvent);
    }
}
