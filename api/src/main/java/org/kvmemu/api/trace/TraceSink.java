package org.kvmemu.api.trace;

import org.kvmemu.api.annotation.API;

/** Where emitted events go: a writer for the user, a collector for {@code expect trace contains}. */
@API(status = API.Status.MAINTAINED, since = "1")
public interface TraceSink {

    /** Whether the sink wants events of {@code point}; asked once per point and cached. */
    boolean wants(TracePoint point);

    /** Takes one event the sink wants. */
    void accept(TraceRecord record);

    /** The run is over: write whatever closes the output. */
    default void finish() {
    }

    /**
     * The run is over at virtual time {@code endTimeNs} (the time limit, or when it stopped), which
     * may be after the last event: write whatever closes the output. By default {@link #finish()}.
     */
    default void finish(long endTimeNs) {
        finish();
    }
}
