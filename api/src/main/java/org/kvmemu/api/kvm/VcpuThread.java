package org.kvmemu.api.kvm;

import org.kvmemu.api.kvm.KvmVcpu.ThreadState;
import org.kvmemu.api.platform.HostVectors;
import org.kvmemu.api.platform.PhysicalCpu;
import org.kvmemu.api.sim.SimEvent;
import org.kvmemu.api.trace.ModelTracePoints;
import org.kvmemu.api.trace.Tracer;

/**
 * The host side of a vCPU's task: whether it has its physical CPU, waits for it behind another
 * thread (slices of {@code sched_base_slice}), is preempted ({@code vcpu->preempted}) or blocked, and
 * the {@code vcpu_load}/{@code vcpu_put} that scheduling in and out implies.
 */
final class VcpuThread {

    private final KvmVcpu vcpu;
    private final PhysicalCpu pcpu;
    private final RunQueue runQueue;
    private ThreadState state = ThreadState.USERSPACE;
    private long preemptedUntil;
    private boolean yieldCpu;
    private final Runnable sliceEnd = this::sliceEnded;
    private Runnable resume;
    private final SimEvent scheduleIn = SimEvent.of(() -> runOnCpu(resume));

    VcpuThread(KvmVcpu vcpu) {
        this.vcpu = vcpu;
        this.pcpu = vcpu.pcpu();
        this.runQueue = vcpu.kvm().runQueue(pcpu.id());
    }

    ThreadState state() {
        return state;
    }

    void setState(ThreadState next) {
        state = next;
    }

    /** Runs {@code then} now if the physical CPU is free for this thread, else once the scheduler gives it. */
    void runOnCpu(Runnable then) {
        if (runQueue.claim(this, sliceEnd)) {
            then.run();
        } else {
            state = ThreadState.PREEMPTED;
            runQueue.waitFor(this, sliceEnd, then);
        }
    }

    /** Another thread waited a whole slice: give up the CPU at the next scheduling point. */
    private void sliceEnded() {
        yieldCpu = true;
        if (state == ThreadState.GUEST) {
            pcpu.raise(HostVectors.LOCAL_TIMER);
        } else if (state == ThreadState.KVM) {
            vcpu.wakeUp();
        }
    }

    /**
     * The host scheduler takes the thread off its CPU for {@code ns} (the scenario's {@code preempt}):
     * a vCPU in guest mode is interrupted by the scheduler tick, and the thread is switched out at
     * the run loop's next scheduling point ({@code xfer_to_guest_mode_handle_work}).
     */
    void preempt(long ns) {
        preemptedUntil = Math.max(preemptedUntil, vcpu.kvm().sim().now() + ns);
        if (state == ThreadState.GUEST) {
            pcpu.raise(HostVectors.LOCAL_TIMER);
        } else if (state == ThreadState.KVM) {
            vcpu.wakeUp();
        }
        vcpu.loop.notePollWake();
    }

    /** Another thread now waits for this CPU: a halt-polling vCPU stops polling ({@code kvm_vcpu_can_poll}). */
    void othersWait() {
        vcpu.loop.notePollWake();
    }

    /** Whether another thread waits for this CPU ({@code !single_task_running()}). */
    boolean othersWaiting() {
        return runQueue.hasWaiting();
    }

    /** Whether the thread must give up its CPU at this scheduling point. */
    boolean mustYield() {
        return vcpu.kvm().sim().now() < preemptedUntil || yieldCpu;
    }

    /** The thread is switched out until it is due again; {@code then} runs once it has its CPU back. */
    void yieldCpu(Runnable then) {
        yieldCpu = false;
        traceSched("out");
        switchOut(ThreadState.PREEMPTED);
        resume = then;
        vcpu.kvm().sim().at(Math.max(preemptedUntil, vcpu.kvm().sim().now()), scheduleIn);
    }

    /** The thread runs in KVM; if it had to wait for the CPU, the switch is traced. */
    void scheduledIn() {
        inKvm();
        if (state == ThreadState.PREEMPTED) {
            traceSched("in");
        }
        state = ThreadState.KVM;
    }

    /** This vCPU's thread runs KVM code now (the trace's execution context). */
    void inKvm() {
        vcpu.kvm().trace().setContext(vcpu.task(), pcpu.id());
    }

    /** The thread leaves the CPU: {@code vcpu_put}, and the scheduler runs whoever waits. */
    void switchOut(ThreadState next) {
        state = next;
        vcpu.kvm().ops().vcpuPut(vcpu);
        runQueue.release(this);
    }

    private void traceSched(String what) {
        Tracer trace = vcpu.kvm().trace();
        if (trace.on(ModelTracePoints.HOST_SCHED)) {
            trace.emit(ModelTracePoints.HOST_SCHED, "host", pcpu.id(), pcpu.id(), vcpu.id(), what);
        }
    }
}
