package org.kvmemu.api.kvm;

import java.util.ArrayDeque;
import org.kvmemu.api.platform.Costs;
import org.kvmemu.api.sim.SimEvent;
import org.kvmemu.api.sim.Simulator;

/**
 * The host scheduler's run queue of one physical CPU, as far as vCPU threads need it: which thread
 * runs there, who waits behind it, and the end of the runner's slice ({@code sched_base_slice})
 * when someone waits. It belongs to the host kernel, not to vendor code, so it is not reachable
 * from plugins; a machine has one VM, which holds one run queue per physical CPU.
 */
final class RunQueue {

    /** A thread waiting for the CPU: who, what to tell it when its slice ends, what to do when it runs. */
    private record Waiting(Object thread, Runnable onSliceEnd, Runnable resume) {
    }

    private final Simulator sim;
    private final Costs costs;
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private Object runner;
    private Runnable runnerSliceEnd;
    private final SimEvent sliceEnd = new SimEvent() {
        @Override
        protected void fire() {
            if (runnerSliceEnd != null) {
                runnerSliceEnd.run();
            }
        }
    };

    RunQueue(Simulator sim, Costs costs) {
        this.sim = sim;
        this.costs = costs;
    }

    /**
     * {@code thread} runs on this CPU if it is free (or already its own). {@code onSliceEnd} is
     * called when another thread has waited a whole slice.
     */
    boolean claim(Object thread, Runnable onSliceEnd) {
        if (runner != null && runner != thread) {
            return false;
        }
        runner = thread;
        runnerSliceEnd = onSliceEnd;
        return true;
    }

    /** Whether a thread waits for this CPU. */
    boolean hasWaiting() {
        return !waiting.isEmpty();
    }

    /** {@code thread} waits for this CPU; {@code resume} runs when it gets it. */
    void waitFor(Object thread, Runnable onSliceEnd, Runnable resume) {
        waiting.add(new Waiting(thread, onSliceEnd, resume));
        if (!sliceEnd.isScheduled()) {
            sim.after(costs.timesliceNs, sliceEnd);
        }
        if (runner instanceof VcpuThread running) {
            running.othersWait();
        }
    }

    /** {@code thread} stops running here (it blocks, returns to userspace or is switched out). */
    void release(Object thread) {
        if (runner != thread) {
            return;
        }
        runner = null;
        runnerSliceEnd = null;
        sim.cancel(sliceEnd);
        Waiting next = waiting.poll();
        if (next != null) {
            runner = next.thread();
            runnerSliceEnd = next.onSliceEnd();
            sim.after(costs.contextSwitchNs, SimEvent.of(next.resume()));
            if (!waiting.isEmpty()) {
                sim.after(costs.contextSwitchNs + costs.timesliceNs, sliceEnd);
            }
        }
    }
}
