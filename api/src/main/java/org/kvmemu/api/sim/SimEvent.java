package org.kvmemu.api.sim;

import org.kvmemu.api.annotation.API;

/**
 * Something that happens at one instant of virtual time. An event object is owned by whoever
 * schedules it and may be scheduled again once it has fired or been cancelled, so that the hot path
 * reuses a fixed set of events instead of allocating; it is in the queue at most once at a time.
 */
@API(status = API.Status.MAINTAINED, since = "1")
public abstract class SimEvent {

    long time;
    long seq;
    int heapIndex = -1;

    /** Performs the event; the simulator's clock already reads the event's time. */
    protected abstract void fire();

    /** Whether the event is waiting in a queue. */
    public final boolean isScheduled() {
        return heapIndex >= 0;
    }

    /** The virtual time the event is (or was last) scheduled for, in ns. */
    public final long time() {
        return time;
    }

    /** Builds an event from a lambda: for one-off events off the hot path. */
    public static SimEvent of(Runnable action) {
        return new SimEvent() {
            @Override
            protected void fire() {
                action.run();
            }
        };
    }
}
