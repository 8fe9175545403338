package org.kvmemu.api.kvm;

import org.kvmemu.api.platform.HostVectors;
import org.kvmemu.api.platform.PhysicalCpu;
import org.kvmemu.api.sim.SimEvent;
import org.kvmemu.api.annotation.API;
import org.kvmemu.api.spi.X86Ops;
import org.kvmemu.api.trace.KvmTracePoints;
import org.kvmemu.api.trace.ModelTracePoints;
import org.kvmemu.api.trace.Tracer;

/**
 * A vCPU: {@code struct kvm_vcpu} with its arch event state, and its thread running KVM_RUN as the
 * kernel's loop written as events ({@code vcpu_run}, {@code vcpu_enter_guest}, {@code vcpu_block},
 * spec §A.4). Entry and exit go through the backend's {@link X86Ops}; the backend reports each exit
 * with {@link #vmExited()}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "1")
public final class KvmVcpu {

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

    /** Told when KVM_RUN returns to userspace. */
    public interface RunListener {
        /** KVM_RUN of {@code vcpu} returned {@code result} (0, or -errno; -EINTR for a signal). */
        void kvmRunReturned(KvmVcpu vcpu, int result);
    }

    /** {@code EINTR}: KVM_RUN interrupted by a signal. */
    private static final int EINTR = 4;

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
    private PhysicalCpu pcpu;
    private long requests;
    private VcpuMode mode = VcpuMode.OUTSIDE_GUEST_MODE;
    private ThreadState thread = ThreadState.USERSPACE;
    private boolean signalPending;
    private long blockStart;
    private long preemptedUntil;
    private Lapic.State savedLapic;
    private boolean guestDebugBlockIrq;
    private int inlineLoops;

    /** How deep loop passes may nest inline before one goes through the event queue. */
    private static final int MAX_INLINE_LOOPS = 8;
    private RunListener listener;

    private final SimEvent loopEvent = new SimEvent() {
        @Override
        protected void fire() {
            runLoop();
        }
    };
    private final SimEvent wakeEvent = new SimEvent() {
        @Override
        protected void fire() {
            checkBlock();
        }
    };
    private boolean yieldCpu;
    private int resumeResult;
    private final Runnable sliceEnd = this::sliceEnded;
    private final Runnable startRun = this::startRun;
    private final Runnable switchedIn = this::switchedIn;
    private final Runnable wokenUp = this::wokenUp;
    private final SimEvent scheduleIn = SimEvent.of(() -> runOnCpu(switchedIn));

    KvmVcpu(Kvm kvm, int id, PhysicalCpu pcpu) {
        this.kvm = kvm;
        this.id = id;
        this.pcpu = pcpu;
        this.task = "vcpu" + id;
        this.apic = new Lapic(this);
        this.events = new EventInjection(this);
    }

    /** The event logic of x86.c and irq.c for this vCPU. */
    public EventInjection events() {
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

    /** What the vCPU thread is doing. */
    public ThreadState thread() {
        return thread;
    }

    /** Sets the listener told when KVM_RUN returns (userspace's vCPU thread). */
    public void setRunListener(RunListener l) {
        this.listener = l;
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
     * physical CPU a reschedule IPI so that it exits.
     */
    public void kick() {
        if (wakeUp()) {
            return;
        }
        if (mode == VcpuMode.IN_GUEST_MODE) {
            mode = VcpuMode.EXITING_GUEST_MODE;
            pcpu.sendIpi(kvm.trace().contextCpu(), HostVectors.RESCHEDULE);
        }
    }

    /** {@code kvm_vcpu_wake_up}: wake a blocked vCPU thread; returns whether it was blocked. */
    public boolean wakeUp() {
        if (thread != ThreadState.BLOCKED) {
            return false;
        }
        if (!wakeEvent.isScheduled()) {
            kvm.sim().after(kvm.costs().wakeupNs, wakeEvent);
        }
        return true;
    }

    /** Whether a wake-up of the blocked thread is on its way. */
    public boolean wakeUpPending() {
        return wakeEvent.isScheduled();
    }

    /** Userspace sends the vCPU thread a signal (to regain control, as QEMU's {@code qemu_cpu_kick}). */
    public void signal() {
        signalPending = true;
        if (thread == ThreadState.BLOCKED) {
            wakeUp();
        } else if (mode == VcpuMode.IN_GUEST_MODE) {
            mode = VcpuMode.EXITING_GUEST_MODE;
            pcpu.sendIpi(kvm.trace().contextCpu(), HostVectors.RESCHEDULE);
        }
    }

    /**
     * The host scheduler takes the vCPU thread off its CPU for {@code ns} (the scenario's
     * {@code preempt}): a vCPU in guest mode is interrupted by the scheduler tick, and the thread
     * is switched out at the run loop's next scheduling point ({@code xfer_to_guest_mode_handle_work}).
     */
    public void preempt(long ns) {
        preemptedUntil = Math.max(preemptedUntil, kvm.sim().now() + ns);
        if (thread == ThreadState.GUEST) {
            pcpu.raise(HostVectors.LOCAL_TIMER);
        }
    }

    private void traceSched(String what) {
        Tracer trace = kvm.trace();
        if (trace.on(ModelTracePoints.HOST_SCHED)) {
            trace.emit(ModelTracePoints.HOST_SCHED, "host", cpu(), cpu(), id, what);
        }
    }

    // ---- KVM_RUN ----------------------------------------------------------------------------

    /** KVM_RUN: the thread enters KVM; the result arrives through the {@link RunListener}. */
    public void ioctlRun() {
        signalPending = false;
        runOnCpu(startRun);
    }

    /** Runs {@code then} now if the physical CPU is free for this thread, else once the scheduler gives it. */
    private void runOnCpu(Runnable then) {
        if (pcpu.claim(this, sliceEnd)) {
            then.run();
        } else {
            thread = ThreadState.PREEMPTED;
            pcpu.waitFor(this, sliceEnd, then);
        }
    }

    /** Another thread waited a whole slice: give up the CPU at the next scheduling point. */
    private void sliceEnded() {
        yieldCpu = true;
        if (thread == ThreadState.GUEST) {
            pcpu.raise(HostVectors.LOCAL_TIMER);
        }
    }

    private void startRun() {
        scheduledIn();
        kvm.ops().vcpuLoad(this, pcpu.id());
        kvm.sim().after(kvm.costs().kvmLoopNs, loopEvent);
    }

    private void switchedIn() {
        scheduledIn();
        kvm.ops().vcpuLoad(this, pcpu.id());
        continueOrReturn(resumeResult);
    }

    private void wokenUp() {
        scheduledIn();
        kvm.ops().vcpuLoad(this, pcpu.id());
        continueOrReturn(resumeResult);
    }

    /** This vCPU's thread runs KVM code now (the trace's execution context). */
    private void inKvm() {
        kvm.trace().setContext(task, pcpu.id());
    }

    /** The thread runs in KVM; if it had to wait for the CPU, the switch is traced. */
    private void scheduledIn() {
        inKvm();
        if (thread == ThreadState.PREEMPTED) {
            traceSched("in");
        }
        thread = ThreadState.KVM;
    }

    /** The thread leaves the CPU: {@code vcpu_put}, and the scheduler runs whoever waits. */
    private void switchOut(ThreadState next) {
        thread = next;
        kvm.ops().vcpuPut(this);
        pcpu.release(this);
    }

    /** One pass of {@code vcpu_run}'s loop. */
    private void runLoop() {
        inKvm();
        int r;
        if (kvmVcpuRunning()) {
            r = enterGuest();
            if (r == ENTERED) {
                return;
            }
        } else {
            r = block();
            if (r == BLOCKED) {
                return;
            }
        }
        continueOrReturn(r);
    }

    private void continueOrReturn(int r) {
        if (r <= 0) {
            returnToUserspace(r);
            return;
        }
        checkRequest(KvmRequests.UNBLOCK);
        if (apic.timer().pending() > 0) {
            apic.timer().injectPending();
        }
        if (signalPending) {
            run.exitReason = KvmExitReasons.INTR;
            stat.signalExits++;
            returnToUserspace(-EINTR);
            return;
        }
        if (kvm.sim().now() < preemptedUntil || yieldCpu) {
            yieldCpu = false;
            traceSched("out");
            switchOut(ThreadState.PREEMPTED);
            resumeResult = r;
            kvm.sim().at(Math.max(preemptedUntil, kvm.sim().now()), scheduleIn);
            return;
        }
        nextLoop();
    }

    /**
     * The loop's next pass after KVM's work between entries: inline when nothing else can happen
     * meanwhile ({@link org.kvmemu.api.sim.Simulator#tryAdvance}), to a bounded depth, else as an event.
     */
    private void nextLoop() {
        if (inlineLoops < MAX_INLINE_LOOPS && kvm.sim().tryAdvance(kvm.sim().now() + kvm.costs().kvmLoopNs)) {
            inlineLoops++;
            try {
                runLoop();
            } finally {
                inlineLoops--;
            }
        } else {
            kvm.sim().after(kvm.costs().kvmLoopNs, loopEvent);
        }
    }

    private void returnToUserspace(int r) {
        postKvmRunSave();
        switchOut(ThreadState.USERSPACE);
        Tracer trace = kvm.trace();
        if (trace.on(KvmTracePoints.KVM_USERSPACE_EXIT)) {
            trace.emit(KvmTracePoints.KVM_USERSPACE_EXIT, task, cpu(), run.exitReason, r);
        }
        if (listener != null) {
            listener.kvmRunReturned(this, r);
        }
    }

    /** {@code post_kvm_run_save}: RFLAGS.IF and whether an interrupt could be injected now, for userspace. */
    private void postKvmRunSave() {
        X86Ops ops = kvm.ops();
        run.ifFlag = ops.getIfFlag(this);
        run.readyForInterruptInjection = ops.interruptAllowed(this, false) > 0 && !events.kvmCpuHasExtint();
    }

    private static final int ENTERED = Integer.MIN_VALUE;
    private static final int BLOCKED = Integer.MIN_VALUE + 1;

    /** {@code kvm_vcpu_running}: runnable and not halted. */
    private boolean kvmVcpuRunning() {
        return arch.mpState == MpState.RUNNABLE;
    }

    /** The part of {@code vcpu_enter_guest} up to {@code vcpu_run}. */
    private int enterGuest() {
        X86Ops ops = kvm.ops();
        if (requests != 0) {
            if (checkRequest(KvmRequests.VM_DEAD)) {
                return -Errno.EIO;
            }
            if (checkRequest(KvmRequests.SMI)) {
                events.processSmi();
            }
            if (checkRequest(KvmRequests.NMI)) {
                events.processNmi();
            }
            if (checkRequest(KvmRequests.APICV_UPDATE)) {
                updateApicv();
            }
        }
        boolean reqImmediateExit = false;
        if (checkRequest(KvmRequests.EVENT) || run.requestInterruptWindow) {
            apic.acceptEvents();
            if (arch.mpState == MpState.INIT_RECEIVED) {
                return 1;
            }
            int r = events.checkAndInjectEvents();
            if (r == -Errno.EBUSY) {
                reqImmediateExit = true;
            }
            if (run.requestInterruptWindow) {
                ops.enableIrqWindow(this);
            }
            if (apic.enabled() && !arch.apicvActive) {
                updateCr8Intercept();
            }
        }
        pcpu.disableIrqs();
        mode = VcpuMode.IN_GUEST_MODE;
        if (apic.enabled()) {
            kvm.syncPirToIrr(this);
        }
        if (mode == VcpuMode.EXITING_GUEST_MODE || requests != 0 || signalPending) {
            mode = VcpuMode.OUTSIDE_GUEST_MODE;
            ops.cancelInjection(this);
            pcpu.enableIrqs();
            return 1;
        }
        if (reqImmediateExit) {
            makeRequest(KvmRequests.EVENT);
        }
        thread = ThreadState.GUEST;
        ops.vcpuRun(this, reqImmediateExit);
        return ENTERED;
    }

    /** {@code update_cr8_intercept}: hand the backend CR8 (TPR class) and the highest IRR class, or -1. */
    private void updateCr8Intercept() {
        int maxIrr = apic.irr().highest();
        kvm.updateCr8Intercept(this, apic.tpr() >> 4, maxIrr == -1 ? -1 : maxIrr >> 4);
    }

    /**
     * The backend reports that the guest exited: the rest of {@code vcpu_enter_guest}
     * ({@code handle_exit_irqoff}, host interrupts, {@code handle_exit}), then the loop goes on.
     */
    public void vmExited() {
        inKvm();
        X86Ops ops = kvm.ops();
        thread = ThreadState.KVM;
        mode = VcpuMode.OUTSIDE_GUEST_MODE;
        stat.exits++;
        ops.handleExitIrqoff(this);
        pcpu.enableIrqs();
        int r = ops.handleExit(this);
        continueOrReturn(r);
    }

    /** The exit information the backend last reported (for {@code kvm_exit}). */
    public ExitInfo exitInfo() {
        kvm.ops().getExitInfo(this, exitInfo);
        return exitInfo;
    }

    // ---- halt and block ---------------------------------------------------------------------

    /** {@code vcpu_block}: sleep until {@link EventInjection#kvmVcpuHasEvents}. */
    private int block() {
        if (kvmArchVcpuRunnable()) {
            return afterBlock();
        }
        if (apic.timer().pending() > 0 || testRequest(KvmRequests.UNBLOCK)) {
            traceWakeup(0, false);
            return 1;
        }
        blockStart = kvm.sim().now();
        switchOut(ThreadState.BLOCKED);
        if (signalPending) {
            wakeUp();
        }
        return BLOCKED;
    }

    /** {@code kvm_vcpu_check_block} after a wake-up: go on when runnable or signalled. */
    private void checkBlock() {
        if (thread != ThreadState.BLOCKED) {
            return;
        }
        boolean runnable = kvmArchVcpuRunnable();
        if (!runnable && !signalPending && apic.timer().pending() == 0 && !testRequest(KvmRequests.UNBLOCK)) {
            return;
        }
        inKvm();
        traceWakeup(kvm.sim().now() - blockStart, true);
        stat.haltWakeup++;
        resumeResult = runnable ? afterBlock() : 1;
        runOnCpu(wokenUp);
    }

    /**
     * {@code trace_kvm_vcpu_wakeup} at the end of {@code kvm_vcpu_halt}; on x86 every wake-up is
     * valid ({@code vcpu_valid_wakeup}).
     */
    private void traceWakeup(long ns, boolean waited) {
        Tracer trace = kvm.trace();
        if (trace.on(KvmTracePoints.KVM_VCPU_WAKEUP)) {
            trace.emit(KvmTracePoints.KVM_VCPU_WAKEUP, task, cpu(), ns, waited, true);
        }
    }

    private int afterBlock() {
        apic.acceptEvents();
        if (arch.mpState == MpState.HALTED) {
            arch.mpState = MpState.RUNNABLE;
        }
        return 1;
    }

    /** {@code kvm_apic_init_sipi_allowed}: not in SMM and INIT not blocked by the backend. */
    public boolean initSipiAllowed() {
        return !arch.inSmm && !kvm.ops().apicInitSignalBlocked(this);
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

    /** {@code kvm_arch_vcpu_runnable}. */
    private boolean kvmArchVcpuRunnable() {
        return kvmVcpuRunning() || events.kvmVcpuHasEvents();
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
     * {@code kvm_vcpu_update_apicv}: follow the VM's inhibits; the backend refreshes its controls;
     * on activation SVI follows ISR, on deactivation KVM_REQ_EVENT is raised so that interrupts
     * the CPU would have delivered are injected.
     */
    private void updateApicv() {
        boolean activate = kvm.apicvInhibitReasons() == 0;
        if (arch.apicvActive == activate) {
            return;
        }
        arch.apicvActive = activate;
        kvm.ops().refreshApicvExecCtrl(this);
        if (activate) {
            kvm.hwapicIsrUpdate(this, apic.isr().highest());
        } else {
            makeRequest(KvmRequests.EVENT);
        }
    }

    // ---- ioctls ------------------------------------------------------------------------------

    /** KVM_INTERRUPT ({@code kvm_vcpu_ioctl_interrupt}, spec §A.2), split irqchip. */
    public int ioctlInterrupt(int irq) {
        if (irq < 0 || irq >= 256) {
            return -Errno.EINVAL;
        }
        if (arch.pendingExternalVector != -1) {
            return -Errno.EEXIST;
        }
        arch.pendingExternalVector = irq;
        makeRequest(KvmRequests.EVENT);
        return 0;
    }

    /** KVM_NMI: always 0. */
    public int ioctlNmi() {
        kvm.injectNmi(this);
        return 0;
    }

    /**
     * KVM_GET_LAPIC: -EINVAL for a protected APIC (a TD, spec §A.2); else posted interrupts are
     * synced into IRR ({@code sync_pir_to_irr}) and the registers are copied out.
     */
    public int ioctlGetLapic() {
        if (apic.guestApicProtected()) {
            return -Errno.EINVAL;
        }
        if (arch.apicvActive) {
            kvm.syncPirToIrr(this);
        }
        savedLapic = apic.saveState();
        return 0;
    }

    /**
     * KVM_SET_LAPIC ({@code kvm_apic_set_state}): -EINVAL for a protected APIC; else the posted
     * state is cleared ({@code apicv_pre_state_restore}), the registers of the last KVM_GET_LAPIC
     * are written back, PPR and SVI/RVI recomputed, and KVM_REQ_EVENT raised.
     */
    public int ioctlSetLapic() {
        if (apic.guestApicProtected()) {
            return -Errno.EINVAL;
        }
        kvm.apicvPreStateRestore(this);
        apic.restoreState(savedLapic != null ? savedLapic : apic.saveState());
        makeRequest(KvmRequests.EVENT);
        return 0;
    }

    /**
     * KVM_SET_GUEST_DEBUG: with {@code KVM_GUESTDBG_BLOCKIRQ} no SMI, NMI or interrupt is injected
     * (spec §A.5 step 5) and APICv is inhibited (BLOCKIRQ). Returns 0.
     */
    public int ioctlSetGuestDebug(boolean blockIrq) {
        guestDebugBlockIrq = blockIrq;
        kvm.updateGuestDebugInhibit();
        return 0;
    }

    /** Whether guest debugging blocks interrupt injection ({@code KVM_GUESTDBG_BLOCKIRQ}). */
    public boolean guestDebugBlockIrq() {
        return guestDebugBlockIrq;
    }

    /** KVM_SMI: {@code kvm_inject_smi}'s result. */
    public int ioctlSmi() {
        return kvm.injectSmi(this);
    }
}
