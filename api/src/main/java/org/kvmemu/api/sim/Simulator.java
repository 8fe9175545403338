package org.kvmemu.api.sim;

import org.kvmemu.api.annotation.API;

/**
 * The simulation core: a virtual clock in nanoseconds (0 to {@link #END_OF_TIME_NS}), one event queue ordered by (time, sequence)
 * and one seeded random source. Single-threaded and deterministic: nothing here reads the wall clock.
 */
@API(status = API.Status.MAINTAINED, since = "1")
public final class Simulator {

    /**
     * The end of the virtual clock's range, 10^18 ns (10^9 s, about 31.7 years): the scenario
     * language refuses times and durations beyond it, so that the clock, a deadline a duration
     * after it and the guest TSC at {@link org.kvmemu.api.platform.Costs#CPU_MHZ} all stay within 64 bits.
     */
    public static final long END_OF_TIME_NS = 1_000_000_000_000_000_000L;

    private final EventQueue queue = new EventQueue();
    private final SplitMix64 random;
    private long now;
    private long fired;
    private boolean stopped;
    private boolean running;
    private long runUntil;
    private long runMaxEvents;

    /** A simulator at time 0 whose random source starts from {@code seed}. */
    public Simulator(long seed) {
        this.random = new SplitMix64(seed);
    }

    /** The current virtual time in ns. */
    public long now() {
        return now;
    }

    /** The run's one random source. */
    public SplitMix64 random() {
        return random;
    }

    /** Number of events fired so far. */
    public long firedEvents() {
        return fired;
    }

    /** Schedules (or reschedules) {@code e} at absolute time {@code time}, which must not be in the past. */
    public void at(long time, SimEvent e) {
        if (time < now) {
            throw new IllegalArgumentException("event scheduled in the past: " + time + " < " + now);
        }
        queue.add(e, time);
    }

    /** Schedules (or reschedules) {@code e} {@code delay} ns from now. */
    public void after(long delay, SimEvent e) {
        at(now + delay, e);
    }

    /** Removes {@code e} from the queue if it is there; returns whether it was. */
    public boolean cancel(SimEvent e) {
        return queue.remove(e);
    }

    /** Asks {@link #run} to return after the current event. */
    public void stop() {
        stopped = true;
    }

    /** Whether {@link #stop} was called. */
    public boolean isStopped() {
        return stopped;
    }

    /**
     * Fires events in order until the queue is empty, the next event lies after {@code until},
     * {@code maxEvents} have fired, or {@link #stop} is called. The clock ends at {@code until} when
     * the run was not cut short.
     *
     * @return why the run ended
     */
    public End run(long until, long maxEvents) {
        running = true;
        runUntil = until;
        runMaxEvents = maxEvents;
        try {
            return loop(until, maxEvents);
        } finally {
            running = false;
        }
    }

    private End loop(long until, long maxEvents) {
        while (!stopped) {
            SimEvent next = queue.peek();
            if (next == null || next.time > until) {
                now = Math.max(now, until);
                return End.TIME;
            }
            if (fired >= maxEvents) {
                return End.MAX_EVENTS;
            }
            queue.poll();
            now = next.time;
            fired++;
            next.fire();
        }
        return End.STOPPED;
    }

    /**
     * Moves the clock to {@code time} at once when nothing else can happen before then: inside
     * {@link #run}, no queued event is due at or before {@code time}, it is within the run's limit,
     * and the event budget allows one more. The caller then does, inline, what an event at
     * {@code time} would have done — the same result with no queue operation. It counts as a fired
     * event, so event counts do not depend on it.
     *
     * @return whether the clock moved; if not, schedule an event as usual
     */
    public boolean tryAdvance(long time) {
        SimEvent next = queue.peek();
        if (!running || stopped || time > runUntil || fired >= runMaxEvents
                || (next != null && next.time <= time)) {
            return false;
        }
        now = time;
        fired++;
        return true;
    }

    /** Why {@link #run} returned. */
    public enum End {
        /** The time limit was reached (or nothing was left to do). */
        TIME,
        /** The event limit was reached. */
        MAX_EVENTS,
        /** The model stopped the run (userspace stopped the VM). */
        STOPPED
    }
}
