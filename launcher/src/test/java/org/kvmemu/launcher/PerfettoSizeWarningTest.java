package org.kvmemu.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kvmemu.api.trace.KvmTracePoints;
import org.kvmemu.api.trace.ModelTracePoints;
import org.kvmemu.api.trace.TraceRecord;
import org.kvmemu.api.trace.output.TraceFilter;

/** A perfetto trace past its size limit is a warning, once, counting only the events kept. */
class PerfettoSizeWarningTest {

    @Test
    void warnsOnceWhenTheKeptEventsPassTheLimit() {
        StringWriter err = new StringWriter();
        PerfettoSizeWarning warning = new PerfettoSizeWarning(TraceFilter.parse("kvm_*"), new PrintWriter(err), 2,
                () -> err.write("[cleared]"));
        TraceRecord kept = new TraceRecord(0, 0, "vcpu0", KvmTracePoints.KVM_EOI, new Object[] {0, 0x30});

        assertFalse(warning.wants(ModelTracePoints.GUEST_IRQ));
        warning.accept(kept);
        warning.accept(kept);
        assertEquals("", err.toString());
        warning.accept(kept);
        warning.accept(kept);

        assertEquals(List.of("[cleared]kvmemu: warning: the perfetto trace has more than 2 events (about 0 MB so far,"
                + " slow to load in a viewer); narrow it with --trace, or shorten the run (run until=)"),
                err.toString().lines().toList());
    }
}
