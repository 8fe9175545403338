package org.kvmemu.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.kvmemu.api.trace.KvmTracePoints;
import org.kvmemu.api.trace.ModelTracePoints;
import org.kvmemu.api.trace.TraceRecord;

/** The progress line: at most once a wall-clock second, virtual time and entries/s, erased at the end. */
class ProgressTest {

    private static TraceRecord entry(long timeNs) {
        return new TraceRecord(timeNs, 0, "vcpu0", KvmTracePoints.KVM_ENTRY, new Object[] {0, 0L, false, 0, 0});
    }

    @Test
    void aLineEverySecondOfWallClockThenErased() {
        StringWriter err = new StringWriter();
        AtomicLong wall = new AtomicLong();
        Progress progress = new Progress(new PrintWriter(err), wall::get);

        assertTrue(progress.wants(KvmTracePoints.KVM_ENTRY));
        assertFalse(progress.wants(ModelTracePoints.GUEST_IRQ));
        for (int i = 1; i <= Progress.CHECK_EVERY; i++) {
            progress.accept(entry(i * 1000L));
        }
        assertEquals("", err.toString(), "not before a second has passed");
        wall.set(2_000_000_000L);
        for (int i = 1; i <= Progress.CHECK_EVERY; i++) {
            progress.accept(entry(5_000_000L + i));
        }
        String line = "kvmemu: virtual time 0.005001024 s, 1024 VM entries/s";
        assertEquals("\r" + line, err.toString());
        progress.finish(10_000_000L);
        assertEquals("\r" + line + "\r" + " ".repeat(line.length()) + "\r", err.toString());
    }

    @Test
    void aWarningFirstErasesTheLineWhichTheNextUpdateRedraws() {
        StringWriter err = new StringWriter();
        AtomicLong wall = new AtomicLong();
        Progress progress = new Progress(new PrintWriter(err), wall::get);
        wall.set(2_000_000_000L);
        for (int i = 1; i <= Progress.CHECK_EVERY; i++) {
            progress.accept(entry(i));
        }
        String line = "kvmemu: virtual time 0.000001024 s, 512 VM entries/s";

        progress.clear();
        progress.clear();
        progress.finish(10_000L);

        assertEquals("\r" + line + "\r" + " ".repeat(line.length()) + "\r", err.toString(),
                "erased once; nothing left to erase at the end");
    }

    @Test
    void nothingIsPrintedForAShortRun() {
        StringWriter err = new StringWriter();
        Progress progress = new Progress(new PrintWriter(err), () -> 0L);

        progress.accept(entry(100));
        progress.finish(200);

        assertEquals("", err.toString());
    }
}
