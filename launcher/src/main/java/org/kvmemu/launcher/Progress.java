package org.kvmemu.launcher;

import java.io.PrintWriter;
import java.util.function.LongSupplier;
import org.kvmemu.api.trace.KvmTracePoints;
import org.kvmemu.api.trace.TracePoint;
import org.kvmemu.api.trace.TraceRecord;
import org.kvmemu.api.trace.TraceSink;

/**
 * The progress line of a long {@code run} on a terminal's standard error: the virtual time reached
 * and the VM entries per wall-clock second, rewritten in place at most once a second and erased
 * when the run ends. It watches {@code kvm_entry} only, and reads the clock once every
 * {@link #CHECK_EVERY} entries. {@code ./kvmemu} turns it on when standard error is a terminal
 * (the {@code kvmemu.progress} property).
 */
final class Progress implements TraceSink {

    /** The system property that turns the progress line on. */
    static final String PROPERTY = "kvmemu.progress";
    /** Entries between two looks at the clock. */
    static final int CHECK_EVERY = 1024;
    private static final long SECOND_NS = 1_000_000_000L;

    private final PrintWriter err;
    private final LongSupplier wallNs;
    private long entries;
    private long lastEntries;
    private long lastWallNs;
    private int shownWidth;

    /** A progress line on {@code err}, timed by {@code wallNs} (nanoseconds, {@code System::nanoTime}). */
    Progress(PrintWriter err, LongSupplier wallNs) {
        this.err = err;
        this.wallNs = wallNs;
        this.lastWallNs = wallNs.getAsLong();
    }

    @Override
    public boolean wants(TracePoint point) {
        return point == KvmTracePoints.KVM_ENTRY;
    }

    @Override
    public void accept(TraceRecord record) {
        if (++entries % CHECK_EVERY != 0) {
            return;
        }
        long now = wallNs.getAsLong();
        long elapsed = now - lastWallNs;
        if (elapsed < SECOND_NS) {
            return;
        }
        long rate = (entries - lastEntries) * SECOND_NS / elapsed;
        String line = "kvmemu: virtual time " + TraceRecord.seconds(record.timeNs()) + " s, " + rate
                + " VM entries/s";
        err.print("\r" + line + " ".repeat(Math.max(0, shownWidth - line.length())));
        err.flush();
        shownWidth = line.length();
        lastWallNs = now;
        lastEntries = entries;
    }

    @Override
    public void finish(long endTimeNs) {
        clear();
    }

    /** Erases the progress line, so that a warning starts on a clean line; the next update redraws it. */
    void clear() {
        if (shownWidth > 0) {
            err.print("\r" + " ".repeat(shownWidth) + "\r");
            err.flush();
            shownWidth = 0;
        }
    }
}
