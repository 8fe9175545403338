package org.kvmemu.api.trace.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kvmemu.api.sim.SimEvent;
import org.kvmemu.api.sim.Simulator;
import org.kvmemu.api.trace.KvmTracePoints;
import org.kvmemu.api.trace.TracePoint;
import org.kvmemu.api.trace.TraceRecord;
import org.kvmemu.api.trace.TraceSink;
import org.kvmemu.api.trace.Tracer;

/** {@code --trace} globs (trace-format.md "Other formats": Filtering) and the {@link Tracer} that applies them. */
class TraceFilterTest {

    private static final TracePoint ALPHA = TracePoint.keyValue("kvm_tft_alpha", "vcpu", "vector");
    private static final TracePoint BETA = TracePoint.keyValue("guest_tft_beta", "vcpu");

    // ---- TraceFilter ----

    @Test
    void includeGlobsKeepOnlyTheirFamilies() {
        // trace-format.md: --trace 'kvm_*,pi_*' includes by glob
        TraceFilter f = TraceFilter.parse("kvm_*,pi_*");
        assertTrue(f.accepts("kvm_entry"));
        assertTrue(f.accepts("kvm_"));
        assertTrue(f.accepts("pi_post"));
        assertFalse(f.accepts("guest_irq"));
        assertFalse(f.accepts("host_irq"));
        // A glob matches the whole name, not a substring.
        assertFalse(f.accepts("xkvm_entry"));
        assertFalse(f.accepts("kvm"));
    }

    @Test
    void unmatchedNamesTheGlobsThatMatchNoKnownEvent() {
        // trace-format.md §6: a pattern that matches no known event is reported
        TraceFilter f = TraceFilter.parse("kvm_*, kvm_enrty,-gust_*");
        assertEquals(List.of("kvm_enrty", "-gust_*"), f.unmatched(List.of("kvm_entry", "guest_irq")));
        assertEquals(List.of(), TraceFilter.ALL.unmatched(List.of("kvm_entry")));
    }

    @Test
    void starThenExclusionDropsOneFamily() {
        // trace-format.md: a leading - excludes (--trace '*,-guest_*')
        TraceFilter f = TraceFilter.parse("*,-guest_*");
        assertTrue(f.accepts("kvm_exit"));
        assertTrue(f.accepts("host_irq"));
        assertTrue(f.accepts("guestx_irq"));
        assertFalse(f.accepts("guest_irq"));
        assertFalse(f.accepts("guest_eoi"));
    }

    @Test
    void onlyExclusionsLetEverythingElsePass() {
        TraceFilter f = TraceFilter.parse("-guest_*");
        assertTrue(f.accepts("kvm_entry"));
        assertTrue(f.accepts("model_violation"));
        assertFalse(f.accepts("guest_hlt"));
        TraceFilter two = TraceFilter.parse("-guest_*,-host_*");
        assertTrue(two.accepts("pi_wakeup"));
        assertFalse(two.accepts("guest_hlt"));
        assertFalse(two.accepts("host_nmi"));
    }

    @Test
    void anIncludeAnywhereMakesTheDefaultExclude() {
        TraceFilter f = TraceFilter.parse("-guest_*,kvm_*");
        assertTrue(f.accepts("kvm_exit"));
        assertFalse(f.accepts("pi_post"));
        assertFalse(f.accepts("guest_irq"));
    }

    @Test
    void questionMarkIsExactlyOneCharacter() {
        TraceFilter f = TraceFilter.parse("kvm_e?i");
        assertTrue(f.accepts("kvm_eoi"));
        assertTrue(f.accepts("kvm_exi"));
        assertFalse(f.accepts("kvm_ei"));
        assertFalse(f.accepts("kvm_eooi"));
        TraceFilter g = TraceFilter.parse("???_*");
        assertTrue(g.accepts("kvm_exit"));
        assertTrue(g.accepts("vmm_exit"));
        assertFalse(g.accepts("pi_post"));
    }

    @Test
    void lastMatchingGlobWins() {
        TraceFilter f = TraceFilter.parse("*,-guest_*,guest_irq");
        assertTrue(f.accepts("guest_irq"));
        assertFalse(f.accepts("guest_eoi"));
        assertTrue(f.accepts("kvm_eoi"));
        TraceFilter g = TraceFilter.parse("guest_irq,-guest_*");
        assertFalse(g.accepts("guest_irq"));
        TraceFilter h = TraceFilter.parse("-kvm_exit,kvm_*");
        assertTrue(h.accepts("kvm_exit"));
    }

    @Test
    void allAcceptsEverything() {
        assertTrue(TraceFilter.ALL.accepts("kvm_entry"));
        assertTrue(TraceFilter.ALL.accepts("model_violation"));
        assertTrue(TraceFilter.ALL.accepts("x"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ",", "kvm_*,", ",kvm_*", "kvm_*,,pi_*", "-", "kvm_*,-", "   ", "kvm entry",
        "kvm_*,pi *", "kvm-entry", "--kvm_*", "kvm.*", "kvm_[ab]", "kvm_(a|b)", "kvm_exit$", "^kvm", "kvm_é",
        "kvm_*;pi_*", "kvm_\\*"})
    void badGlobsAreRejected(String spec) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TraceFilter.parse(spec));
        assertTrue(e.getMessage().contains("bad trace glob"), e.getMessage());
    }

    @Test
    void toStringIsTheSpec() {
        assertEquals("kvm_*,-kvm_exit", TraceFilter.parse("kvm_*,-kvm_exit").toString());
    }

    // ---- Tracer ----

    private static final class Recording implements TraceSink {
        final TraceFilter filter;
        final List<TraceRecord> records = new ArrayList<>();

        Recording(TraceFilter filter) {
            this.filter = filter;
        }

        @Override
        public boolean wants(TracePoint point) {
            return filter.accepts(point.name());
        }

        @Override
        public void accept(TraceRecord record) {
            records.add(record);
        }
    }

    @Test
    void withoutSinksNothingIsOnAndEmitRecordsNothing() {
        Tracer t = new Tracer(new Simulator(1), List.of());
        assertFalse(t.on(ALPHA));
        assertFalse(t.on(KvmTracePoints.KVM_ENTRY));
        t.emit(ALPHA, "vcpu0", 0, 1, 2);
        assertEquals(0, t.emitted());
    }

    @Test
    void sinkThatWantsNothingKeepsPointsOff() {
        Recording rec = new Recording(TraceFilter.parse("-*"));
        Tracer t = new Tracer(new Simulator(1), List.of(rec));
        assertFalse(t.on(ALPHA));
        t.emit(ALPHA, "vcpu0", 0, 1, 2);
        assertEquals(0, t.emitted());
        assertTrue(rec.records.isEmpty());
    }

    @Test
    void filteredSinkReceivesOnlyAcceptedEventsWhileAnotherGetsAll() {
        Simulator sim = new Simulator(1);
        Recording kvmOnly = new Recording(TraceFilter.parse("kvm_*"));
        TraceCollector all = new TraceCollector(List.of("guest_tft_beta: vcpu=1", "kvm_tft_alpha: vcpu=1 vector=236",
                "never printed"));
        Tracer t = new Tracer(sim, List.of(kvmOnly, all));
        assertTrue(t.on(ALPHA));
        assertTrue(t.on(BETA));

        sim.at(12_500, SimEvent.of(() -> {
            t.emit(ALPHA, "vcpu1", 2, 1, 0xec);
            t.emit(BETA, "guest1", 2, 1);
        }));
        sim.run(1_000_000, 100);

        assertEquals(2, t.emitted());
        assertEquals(1, kvmOnly.records.size());
        TraceRecord r = kvmOnly.records.get(0);
        assertEquals(ALPHA, r.point());
        assertEquals(12_500, r.timeNs());
        assertEquals(2, r.cpu());
        assertEquals("vcpu1", r.task());
        assertTrue(all.seen("kvm_tft_alpha: vcpu=1 vector=236"));
        assertTrue(all.seen("guest_tft_beta: vcpu=1"));
        assertFalse(all.seen("never printed"));
    }

    @Test
    void traceWriterWritesOnlyWhatItsFilterAccepts() {
        StringWriter text = new StringWriter();
        StringWriter json = new StringWriter();
        Tracer t = new Tracer(new Simulator(1), List.of(
                new TraceWriter(text, TraceFilter.parse("*,-guest_*"), TraceFormat.TEXT),
                new TraceWriter(json, TraceFilter.parse("guest_*"), TraceFormat.JSON)));
        t.emit(ALPHA, "vcpu0", 0, 0, 32);
        t.emit(BETA, "guest0", 0, 0);
        assertEquals("vcpu0 [000] 0.000000000: kvm_tft_alpha: vcpu=0 vector=32\n", text.toString());
        assertEquals("{\"time_ns\":0,\"cpu\":0,\"task\":\"guest0\",\"event\":\"guest_tft_beta\",\"vcpu\":0}\n",
                json.toString());
    }

    @Test
    void wrongArgumentCountThrowsAndDeliversNothing() {
        Recording rec = new Recording(TraceFilter.ALL);
        Tracer t = new Tracer(new Simulator(1), List.of(rec));
        IllegalArgumentException few = assertThrows(IllegalArgumentException.class,
                () -> t.emit(KvmTracePoints.KVM_EOI, "vcpu0", 0, 1));
        assertTrue(few.getMessage().contains("kvm_eoi"), few.getMessage());
        assertThrows(IllegalArgumentException.class, () -> t.emit(ALPHA, "vcpu0", 0, 1, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> t.emit(BETA, "vcpu0", 0));
        assertEquals(0, t.emitted());
        assertTrue(rec.records.isEmpty());
    }
}
