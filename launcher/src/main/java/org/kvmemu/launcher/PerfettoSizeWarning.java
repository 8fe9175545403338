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

    /**
     * What one kept event costs in the document, spans and arrows included, as measured on long runs
     * of the examples (small documents average less: their header weighs more).
     */
    static final long BYTES_PER_EVENT = 300;
    /** Events past which the document is large: some 100 MB, where viewers start to struggle. */
    static final long LARGE = 350_000;

    private final TraceFilter filter;
    private final PrintWriter err;
    private final long limit;
    private final Runnable beforeWarning;
    private long events;

    /**
     * Counts the events {@code filter} keeps and warns on {@code err} once more than {@code limit}
     * are kept, after {@code beforeWarning} (which clears a progress line on the same stream).
     */
    PerfettoSizeWarning(TraceFilter filter, PrintWriter err, long limit, Runnable beforeWarning) {
        this.filter = filter;
        this.err = err;
        this.limit = limit;
        this.beforeWarning = beforeWarning;
    }

    @Override
    public boolean wants(TracePoint point) {
        return filter.accepts(point.name());
    }

    @Override
    public void accept(TraceRecord record) {
        if (++events == limit + 1) {
            beforeWarning.run();
            err.println("kvmemu: warning: the perfetto trace has more than " + limit + " events (about "
                    + (limit * BYTES_PER_EVENT + 500_000) / 1_000_000 + " MB so far, slow to load in a viewer);"
                    + " narrow it with --trace, or shorten the run (run until=)");
        }
    }
}
