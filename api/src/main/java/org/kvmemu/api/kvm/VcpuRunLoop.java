package org.kvmemu.api.kvm;

import java.util.function.IntSupplier;
import org.kvmemu.api.invariant.Invariants;
import org.kvmemu.api.kvm.KvmVcpu.ThreadState;
import org.kvmemu.api.platform.HostVectors;
import org.kvmemu.api.platform.PhysicalCpu;
import org.kvmemu.api.sim.SimEvent;
import org.kvmemu.api.spi.X86Ops;
import org.kvmemu.api.trace.KvmTracePoints;
import org.kvmemu.api.trace.Tracer;

/**
 * KVM_RUN of one vCPU as the kernel's loop written as events (behaviour.md §A.4): {@code vcpu_run}'s
 * passes, {@code vcpu_enter_guest} up to the backend's {@code vcpu_run} and, after the backend
 * reports the exit, the rest of it; {@code vcpu_block} and {@code kvm_vcpu_check_block}; the
 * return to userspace with {@code post_kvm_run_save}.
 */
final class VcpuRunLoop {

    /** {@code EINTR}: KVM_RUN interrupted by a signal. */
    private static final int EINTR = 4;
    /** How deep loop passes may nest inline before one goes through the event queue. */
    private static final int MAX_INLINE_LOOPS = 8;
    /** Passes in a row without progress after which {@code vcpu_run} is known to spin. */
    private static final int LIVELOCK_PASSES = 2;
    private static final int ENTERED = Integer.MIN_VALUE;
    private static final int BLOCKED = Integer.MIN_VALUE + 1;

    private final KvmVcpu vcpu;
    private final Kvm kvm;
    private final VcpuThread thread;
    private final Lapic apic;
    private final VcpuArch arch;
    private final EventInjection events;
    private final KvmRun run;
    private final VcpuStats stat;
    private boolean signalPending;
    private long haltStart;
    private long pollEnd;
    private long pollStop;
    private boolean doHaltPoll;
    private boolean polling;
    private final HaltPolling haltPolling;
    /** Whether this block is {@code kvm_vcpu_halt} (mp_state HALTED) rather than {@code kvm_vcpu_block}. */
    private boolean halting;
    private int inlineLoops;
    private int resumeResult;
    private int idlePasses;
    private boolean spinning;
    private boolean livelockReported;
    private VcpuFd.RunListener listener;

    private final SimEvent loopEvent = new SimEvent() {
        @Override
        protected void fire() {
            runLoop();
        }
    };
    private final SimEvent pollEvent = new SimEvent() {
        @Override
        protected void fire() {
            pollCheck();
        }
    };
    private final Runnable pollNotice = this::notePollWake;
    private final SimEvent wakeEvent = new SimEvent() {
        @Override
        protected void fire() {
            checkBlock();
        }
    };
    private final Runnable startRun = this::startRun;
    private final Runnable resumeLoop = this::resumeLoop;
    private final Runnable resumeFromBlock = this::resumeFromBlock;

    VcpuRunLoop(KvmVcpu vcpu) {
        this.vcpu = vcpu;
        this.kvm = vcpu.kvm();
        this.thread = vcpu.thread;
        this.apic = vcpu.apic();
        this.arch = vcpu.arch;
        this.events = vcpu.events();
        this.run = vcpu.run();
        this.stat = vcpu.stat();
        this.haltPolling = new HaltPolling(vcpu);
    }

    void setRunListener(VcpuFd.RunListener l) {
        this.listener = l;
    }

    // ---- signals and wake-ups --------------------------------------------------------------

    /**
     * {@code kvm_vcpu_wake_up}: wake the vCPU's task if it sleeps in {@code kvm_vcpu_block}
     * ({@code rcuwait_wake_up}); each task actually woken counts in {@code halt_wakeup}, even if the
     * vCPU then finds nothing to do and sleeps again. Returns whether it woke the task (false when it
     * is not sleeping, or already woken and on its way). A thread that spins in {@code vcpu_run}
     * ({@link #spin}) is asked to look again.
     */
    boolean wakeUp() {
        if (spinning) {
            spinning = false;
            kvm.sim().after(kvm.costs().kvmLoopNs, loopEvent);
            return true;
        }
        notePollWake();
        if (!wakeTask()) {
            return false;
        }
        stat.haltWakeup++;
        return true;
    }

    /** {@code wake_up_process} of the sleeping task: whether it was sleeping. */
    private boolean wakeTask() {
        if (thread.state() != ThreadState.BLOCKED || wakeEvent.isScheduled()) {
            return false;
        }
        kvm.sim().after(kvm.costs().wakeupNs, wakeEvent);
        return true;
    }

    /** Whether a wake-up of the blocked thread is on its way. */
    boolean wakeUpPending() {
        return wakeEvent.isScheduled();
    }

    /**
     * Userspace sends the vCPU thread a signal (to regain control, as QEMU's {@code qemu_cpu_kick}):
     * the signal wakes a sleeping task itself ({@code signal_wake_up}), not through
     * {@code kvm_vcpu_wake_up}, so it is no {@code halt_wakeup}.
     */
    void signal() {
        signalPending = true;
        notePollWake();
        if (spinning) {
            wakeUp();
        } else if (thread.state() == ThreadState.BLOCKED) {
            wakeTask();
        } else if (vcpu.mode() == VcpuMode.IN_GUEST_MODE) {
            vcpu.setMode(VcpuMode.EXITING_GUEST_MODE);
            vcpu.pcpu().sendIpi(kvm.trace().contextCpu(), HostVectors.RESCHEDULE);
        }
    }

    // ---- KVM_RUN ----------------------------------------------------------------------------

    /** KVM_RUN: the thread enters KVM; the result arrives through the run listener. */
    void ioctlRun() {
        signalPending = false;
        thread.runOnCpu(startRun);
    }

    private void startRun() {
        thread.scheduledIn();
        kvm.ops().vcpuLoad(vcpu, vcpu.cpu());
        IntSupplier cui = arch.completeUserspaceIo;
        if (cui != null) {
            arch.completeUserspaceIo = null;
            int r = cui.getAsInt();
            if (r <= 0) {
                returnToUserspace(r);
                return;
            }
        }
        kvm.sim().after(kvm.costs().kvmLoopNs, loopEvent);
    }

    /** The thread has its CPU again (after preemption or a wake-up): the loop goes on. */
    private void resumeLoop() {
        thread.scheduledIn();
        kvm.ops().vcpuLoad(vcpu, vcpu.cpu());
        continueOrReturn(resumeResult);
    }

    /** One pass of {@code vcpu_run}'s loop. */
    private void runLoop() {
        thread.inKvm();
        int r;
        if (kvmVcpuRunning()) {
            idlePasses = 0;
            r = enterGuest();
            if (r == ENTERED) {
                return;
            }
        } else {
            r = block();
            if (r == BLOCKED) {
                idlePasses = 0;
                return;
            }
            idlePasses = kvmVcpuRunning() ? 0 : idlePasses + 1;
        }
        continueOrReturn(r);
    }

    private void continueOrReturn(int r) {
        if (r <= 0) {
            returnToUserspace(r);
            return;
        }
        vcpu.checkRequest(KvmRequests.UNBLOCK);
        if (apic.timer().pending() > 0) {
            apic.timer().injectPending();
        }
        if (signalPending) {
            run.exitReason = KvmExitReasons.INTR;
            stat.signalExits++;
            returnToUserspace(-EINTR);
            return;
        }
        if (thread.mustYield()) {
            resumeResult = r;
            thread.yieldCpu(resumeLoop);
            return;
        }
        if (idlePasses >= LIVELOCK_PASSES) {
            spin();
            return;
        }
        nextLoop();
    }

    /**
     * {@code vcpu_run} spins: {@code vcpu_block} finds the vCPU runnable ({@code kvm_vcpu_has_events})
     * although it cannot run (INIT_RECEIVED), so every pass is the same as the last, with nothing
     * traced. It is reported once as {@code vcpu-livelock}, and instead of passing every
     * {@code kvmLoopNs} the loop waits for what can change it: a kick or wake-up, a signal, the end
     * of its slice or a preemption ({@link #wakeUp}).
     */
    private void spin() {
        idlePasses = 0;
        spinning = true;
        if (!livelockReported) {
            livelockReported = true;
            kvm.platform().invariants().violated(Invariants.VCPU_LIVELOCK, "vcpu " + vcpu.id() + " spins in vcpu_run: "
                    + "mp_state " + arch.mpState.scenarioName() + " cannot run, but kvm_vcpu_has_events is true ("
                    + events.pendingEvent() + ")", vcpu.task(), vcpu.cpu());
        }
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
        thread.switchOut(ThreadState.USERSPACE);
        Tracer trace = kvm.trace();
        if (trace.on(KvmTracePoints.KVM_USERSPACE_EXIT)) {
            trace.emit(KvmTracePoints.KVM_USERSPACE_EXIT, vcpu.task(), vcpu.cpu(), run.exitReason, r);
        }
        if (listener != null) {
            listener.kvmRunReturned(vcpu, r);
        }
    }

    /** {@code post_kvm_run_save}: RFLAGS.IF and whether an interrupt could be injected now, for userspace. */
    private void postKvmRunSave() {
        X86Ops ops = kvm.ops();
        run.ifFlag = ops.getIfFlag(vcpu);
        run.readyForInterruptInjection = ops.interruptAllowed(vcpu, false) > 0 && !events.kvmCpuHasExtint();
    }

    /** {@code kvm_vcpu_running}: runnable and not halted. */
    private boolean kvmVcpuRunning() {
        return arch.mpState == MpState.RUNNABLE;
    }

    /** The part of {@code vcpu_enter_guest} up to {@code vcpu_run}. */
    private int enterGuest() {
        X86Ops ops = kvm.ops();
        if (vcpu.requests() != 0) {
            if (vcpu.checkRequest(KvmRequests.VM_DEAD)) {
                return -Errno.EIO;
            }
            if (vcpu.checkRequest(KvmRequests.SMI)) {
                events.processSmi();
            }
            if (vcpu.checkRequest(KvmRequests.NMI)) {
                events.processNmi();
            }
            if (vcpu.checkRequest(KvmRequests.IOAPIC_EOI_EXIT)
                    && arch.ioapicHandledVectors.test(arch.pendingIoapicEoi)) {
                run.exitReason = KvmExitReasons.IOAPIC_EOI;
                run.eoiVector = arch.pendingIoapicEoi;
                return 0;
            }
            if (vcpu.checkRequest(KvmRequests.SCAN_IOAPIC)) {
                kvm.vcpuScanIoapic(vcpu);
            }
            if (vcpu.checkRequest(KvmRequests.LOAD_EOI_EXITMAP)) {
                kvm.vcpuLoadEoiExitmap(vcpu);
            }
            if (vcpu.checkRequest(KvmRequests.APICV_UPDATE)) {
                kvm.apicv().vcpuUpdateApicv(vcpu);
            }
        }
        boolean reqImmediateExit = false;
        if (vcpu.checkRequest(KvmRequests.EVENT) || run.requestInterruptWindow) {
            apic.acceptEvents();
            if (arch.mpState == MpState.INIT_RECEIVED) {
                return 1;
            }
            int r = events.checkAndInjectEvents();
            if (r == -Errno.EBUSY) {
                reqImmediateExit = true;
            }
            if (run.requestInterruptWindow) {
                ops.enableIrqWindow(vcpu);
            }
            if (apic.enabled() && !arch.apicvActive) {
                updateCr8Intercept();
            }
        }
        PhysicalCpu pcpu = vcpu.pcpu();
        pcpu.disableIrqs();
        vcpu.setMode(VcpuMode.IN_GUEST_MODE);
        if (apic.enabled()) {
            kvm.syncPirToIrr(vcpu);
        }
        if (vcpu.mode() == VcpuMode.EXITING_GUEST_MODE || vcpu.requests() != 0 || signalPending) {
            vcpu.setMode(VcpuMode.OUTSIDE_GUEST_MODE);
            ops.cancelInjection(vcpu);
            pcpu.enableIrqs();
            return 1;
        }
        if (reqImmediateExit) {
            vcpu.makeRequest(KvmRequests.EVENT);
        }
        thread.setState(ThreadState.GUEST);
        ops.vcpuRun(vcpu, reqImmediateExit);
        return ENTERED;
    }

    /** {@code update_cr8_intercept}: hand the backend CR8 (TPR class) and the highest IRR class, or -1. */
    private void updateCr8Intercept() {
        int maxIrr = apic.irr().highest();
        kvm.updateCr8Intercept(vcpu, apic.tpr() >> 4, maxIrr == -1 ? -1 : maxIrr >> 4);
    }

    /**
     * The rest of {@code vcpu_enter_guest} after the exit: the fastpath's re-entry loop
     * ({@code sync_pir_to_irr}, {@code kvm_vcpu_exit_request}, another {@code vcpu_run}), then
     * {@code handle_exit_irqoff}, host IRQs, {@code handle_exit}.
     */
    void vmExited(ExitFastpath fastpath) {
        thread.inKvm();
        X86Ops ops = kvm.ops();
        if (fastpath == ExitFastpath.REENTER_GUEST) {
            if (apic.enabled()) {
                kvm.syncPirToIrr(vcpu);
            }
            if (vcpu.mode() != VcpuMode.EXITING_GUEST_MODE && vcpu.requests() == 0 && !signalPending
                    && !thread.mustYield()) {
                stat.exits++;
                ops.vcpuRun(vcpu, false);
                return;
            }
        }
        thread.setState(ThreadState.KVM);
        vcpu.setMode(VcpuMode.OUTSIDE_GUEST_MODE);
        stat.exits++;
        ops.handleExitIrqoff(vcpu);
        vcpu.pcpu().enableIrqs();
        int r = ops.handleExit(vcpu);
        continueOrReturn(r);
    }

    // ---- halt and block ---------------------------------------------------------------------

    /**
     * {@code vcpu_block}: wait until {@link EventInjection#kvmVcpuHasEvents}, in
     * {@code kvm_vcpu_halt} when halted (polling first, as long as {@code halt_poll_ns}), else
     * (INIT_RECEIVED) in {@code kvm_vcpu_block}.
     */
    private int block() {
        if (kvmArchVcpuRunnable()) {
            return afterBlock();
        }
        halting = arch.mpState == MpState.HALTED;
        haltStart = kvm.sim().now();
        pollEnd = haltStart;
        long pollNs = halting ? haltPolling.start() : 0;
        doHaltPoll = pollNs > 0;
        if (doHaltPoll) {
            if (checkBlockWakes()) {
                return haltDone(false);
            }
            if (canPoll()) {
                pollStop = haltStart + pollNs;
                polling = true;
                vcpu.pcpu().setAfterHostInterrupt(pollNotice);
                kvm.sim().at(pollStop, pollEvent);
                return BLOCKED;
            }
        }
        return kvmVcpuBlock();
    }

    /** {@code kvm_vcpu_block}: sleep unless {@code kvm_vcpu_check_block} says go on now. */
    private int kvmVcpuBlock() {
        if (checkBlockWakes()) {
            return haltDone(false);
        }
        thread.switchOut(ThreadState.BLOCKED);
        return BLOCKED;
    }

    /**
     * {@code kvm_vcpu_check_block} says go on: runnable, a pending timer, a signal, or
     * KVM_REQ_UNBLOCK.
     */
    private boolean checkBlockWakes() {
        return kvmArchVcpuRunnable() || apic.timer().pending() > 0 || signalPending
                || vcpu.testRequest(KvmRequests.UNBLOCK);
    }

    /**
     * {@code kvm_vcpu_can_poll}: {@code single_task_running() && !need_resched()}; the poll's end
     * time is checked by its event.
     */
    private boolean canPoll() {
        return !thread.othersWaiting() && !thread.mustYield();
    }

    /**
     * Something may have made the polling vCPU runnable, or another task wants its CPU
     * ({@code need_resched}): the poll loop looks now.
     */
    void notePollWake() {
        if (polling) {
            kvm.sim().cancel(pollEvent);
            kvm.sim().at(kvm.sim().now(), pollEvent);
        }
    }

    /**
     * One look of {@code kvm_vcpu_halt}'s poll loop: the halt ends (a successful poll) when
     * {@code kvm_vcpu_check_block} says so; at the poll's end, or when another task wants the CPU,
     * the vCPU blocks ({@code kvm_vcpu_block}).
     */
    private void pollCheck() {
        thread.inKvm();
        long now = kvm.sim().now();
        pollEnd = now;
        if (checkBlockWakes()) {
            stopPolling();
            continueOrReturn(haltDone(false));
        } else if (now >= pollStop || !canPoll()) {
            stopPolling();
            int r = kvmVcpuBlock();
            if (r != BLOCKED) {
                continueOrReturn(r);
            }
        } else {
            kvm.sim().at(pollStop, pollEvent);
        }
    }

    private void stopPolling() {
        polling = false;
        kvm.sim().cancel(pollEvent);
        vcpu.pcpu().setAfterHostInterrupt(null);
    }

    /**
     * {@code kvm_vcpu_check_block} after a wake-up: when runnable or signalled, the task becomes
     * runnable and goes on once it has its CPU again ({@link #resumeFromBlock}).
     */
    private void checkBlock() {
        if (thread.state() != ThreadState.BLOCKED || !checkBlockWakes()) {
            return;
        }
        thread.inKvm();
        thread.runOnCpu(resumeFromBlock);
    }

    /**
     * {@code schedule()} returns in {@code kvm_vcpu_block}: the task runs again ({@code kvm_sched_in}
     * loads the vCPU), and only now does {@code kvm_vcpu_halt} read the clock for its statistics and
     * {@code kvm_vcpu_wakeup}, so a wait for a CPU shared with another task counts in the halt.
     */
    private void resumeFromBlock() {
        thread.scheduledIn();
        kvm.ops().vcpuLoad(vcpu, vcpu.cpu());
        continueOrReturn(haltDone(true));
    }

    /**
     * The end of {@code kvm_vcpu_halt} (for a halt: the halt-polling statistics and
     * {@code halt_poll_ns}, then {@code kvm_vcpu_wakeup}) and of {@code vcpu_block}: a runnable vCPU
     * accepts its INIT/SIPI and leaves HALTED.
     */
    private int haltDone(boolean waited) {
        if (halting) {
            long now = kvm.sim().now();
            haltPolling.finish(now - haltStart, doHaltPoll, pollEnd - haltStart, waited, now - pollEnd);
            traceWakeup(now - haltStart, waited);
        }
        return kvmArchVcpuRunnable() ? afterBlock() : 1;
    }

    /**
     * {@code trace_kvm_vcpu_wakeup} at the end of {@code kvm_vcpu_halt}; on x86 every wake-up is
     * valid ({@code vcpu_valid_wakeup}). {@code kvm_vcpu_block} alone (INIT_RECEIVED) has no such
     * tracepoint.
     */
    private void traceWakeup(long ns, boolean waited) {
        Tracer trace = kvm.trace();
        if (halting && trace.on(KvmTracePoints.KVM_VCPU_WAKEUP)) {
            trace.emit(KvmTracePoints.KVM_VCPU_WAKEUP, vcpu.task(), vcpu.cpu(), ns, waited, true);
        }
    }

    private int afterBlock() {
        apic.acceptEvents();
        if (arch.mpState == MpState.HALTED) {
            arch.mpState = MpState.RUNNABLE;
        }
        return 1;
    }

    /** {@code kvm_arch_vcpu_runnable}. */
    private boolean kvmArchVcpuRunnable() {
        return kvmVcpuRunning() || events.kvmVcpuHasEvents();
    }
}
