package org.kvmemu.api.trace;

import java.io.Writer;
import org.kvmemu.api.spi.API;

/** Chrome Trace Event Format output (being written). */
@API(status = API.Status.EXPERIMENTAL, since = "1")
public final class PerfettoTraceWriter implements TraceSink {

    private final Writer out;
    private final TraceFilter filter;

    /** Writes the events {@code filter} accepts to {@code out}, as one JSON document at {@link #finish}. */
    public PerfettoTraceWriter(Writer out, TraceFilter filter) {
        this.out = out;
        this.filter = filter;
    }

    @Override
    public boolean wants(TracePoint point) {
        return filter.accepts(point.name());
    }

    @Override
    public void accept(TraceRecord record) {
        throw new UnsupportedOperationException("perfetto output is being written " + out);
    }
}
