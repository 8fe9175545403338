package org.kvmemu.launcher;

import java.io.PrintWriter;
import org.kvmemu.api.trace.TracePoint;
import org.kvmemu.api.trace.TraceRecord;
import org.kvmemu.api.trace.TraceSink;
import org.kvmemu.api.trace.output.TraceFilter;

/**
 * Warns, while a run goes on, that its {@code --trace-format perfetto} output is getting very
 * large: the writer streams it in flat memory, but a document this big is slow to load in a
 * viewer, so the warning says how to make it smaller.
 */
final class PerfettoSizeWarning implements TraceSink {

    /** Events past which the document is large (about 200 bytes each: some 200 MB). */
    static final long LARGE = 1_000_000;

    private final TraceFilter filter;
    private final PrintWriter err;
    private final long limit;
    private long events;

    /** Counts the events {@code filter} keeps and warns on {@code err} once more than {@code limit} are kept. */
    PerfettoSizeWarning(TraceFilter filter, PrintWriter err, long limit) {
        this.filter = filter;
        this.err = err;
        this.limit = limit;
    }

    @Override
    public boolean wants(TracePoint point) {
        return filter.accepts(point.name());
    }

    @Override
    public void accept(TraceRecord record) {
        if (++events == limit + 1) {
            err.println("kvmemu: warning: the perfetto trace has more than " + limit + " events (about "
                    + limit * 200 / 1_000_000 + " MB so far, slow to load in a viewer); narrow it with --trace,"
                    + " or shorten the run (run until=)");
            err.flush();
        }
    }
}
