package org.kvmemu.api.trace.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.kvmemu.api.guest.Ghci;
import org.kvmemu.api.kvm.Errno;
import org.kvmemu.api.trace.KvmTracePoints;
import org.kvmemu.api.trace.ModelTracePoints;
import org.kvmemu.api.trace.TracePoint;
import org.kvmemu.api.trace.TracePoint.Field;
import org.kvmemu.api.trace.TraceRecord;

/** {@code --trace-format perfetto}: tracks, spans, instants and flow arrows as Chrome trace JSON. */
class PerfettoTraceWriterTest {

    private static final int HLT = 12;
    private static final int EXTERNAL_INTERRUPT = 1;

    // ---- records ----------------------------------------------------------------------------------

    private static TraceRecord entry(long t, int vcpu) {
        return new TraceRecord(t, 0, "vcpu" + vcpu, KvmTracePoints.KVM_ENTRY, new Object[] {vcpu, 0L, false, 0, 0});
    }

    private static TraceRecord exit(long t, int vcpu, int reason) {
        return new TraceRecord(t, 0, "vcpu" + vcpu, KvmTracePoints.KVM_EXIT,
                new Object[] {reason, 0L, 1, 0L, 0L, 0, 0, vcpu, 0L});
    }

    private static TraceRecord wakeup(long t, int vcpu) {
        return new TraceRecord(t, 0, "vcpu" + vcpu, KvmTracePoints.KVM_VCPU_WAKEUP, new Object[] {11397L, true, true});
    }

    private static TraceRecord acceptIrq(long t, int vcpu, int dm, int vector) {
        return new TraceRecord(t, 0, "vcpu" + vcpu, KvmTracePoints.KVM_APIC_ACCEPT_IRQ,
                new Object[] {vcpu, dm, 0, vector});
    }

    private static TraceRecord guestIrq(long t, int vcpu, int vector) {
        return new TraceRecord(t, 0, "guest" + vcpu, ModelTracePoints.GUEST_IRQ, new Object[] {vcpu, vector});
    }

    private static TraceRecord guestNmi(long t, int vcpu) {
        return new TraceRecord(t, 0, "guest" + vcpu, ModelTracePoints.GUEST_NMI, new Object[] {vcpu});
    }

    private static TraceRecord ioctl(long t, int cpu, int vcpu, String ioctl, int result) {
        return new TraceRecord(t, cpu, "vmm", ModelTracePoints.VMM_IOCTL, new Object[] {vcpu, ioctl, result});
    }

    private static TraceRecord guestHlt(long t, int vcpu) {
        return new TraceRecord(t, 0, "guest" + vcpu, ModelTracePoints.GUEST_HLT, new Object[] {vcpu, 1});
    }

    /** The records of examples/vmx/fixed-irq-apicv-on.scenario's text trace. */
    private static List<TraceRecord> apicvOnRun() {
        return List.of(
                entry(100, 0),
                guestHlt(302, 0),
                exit(503, 0, HLT),
                new TraceRecord(10_000, 1, "vmm", KvmTracePoints.KVM_MSI_SET_IRQ, new Object[] {0xfee00000L, 0x30L}),
                acceptIrq(10_000, 0, 0, 0x30),
                new TraceRecord(10_000, 0, "vcpu0", KvmTracePoints.KVM_APICV_ACCEPT_IRQ, new Object[] {0, 0, 0, 0x30}),
                wakeup(12_000, 0),
                entry(12_100, 0),
                guestIrq(12_301, 0, 0x30),
                new TraceRecord(12_301, 0, "guest0", ModelTracePoints.GUEST_EOI, new Object[] {0, 0x30}),
                new TraceRecord(12_302, 0, "guest0", ModelTracePoints.GUEST_IRET, new Object[] {0, "irq", 1}),
                guestHlt(12_303, 0),
                exit(12_504, 0, HLT));
    }

    private static String render(List<TraceRecord> records) {
        StringWriter out = new StringWriter();
        PerfettoTraceWriter writer = new PerfettoTraceWriter(out, TraceFilter.ALL);
        records.forEach(writer::accept);
        writer.finish();
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> events(String json) {
        Object doc = JsonCheck.parse(json);
        assertTrue(doc instanceof Map, "top level is an object");
        Map<String, Object> top = (Map<String, Object>) doc;
        assertEquals("ns", top.get("displayTimeUnit"));
        Object events = top.get("traceEvents");
        assertTrue(events instanceof List, "traceEvents is an array");
        List<Map<String, Object>> list = new ArrayList<>();
        for (Object e : (List<Object>) events) {
            assertTrue(e instanceof Map, "every trace event is an object: " + e);
            list.add((Map<String, Object>) e);
        }
        return list;
    }

    private static List<Map<String, Object>> withPhase(List<Map<String, Object>> events, String phase) {
        return events.stream().filter(e -> phase.equals(e.get("ph"))).toList();
    }

    private static Map<String, Object> only(List<Map<String, Object>> events, String phase, String name) {
        List<Map<String, Object>> found = withPhase(events, phase).stream()
                .filter(e -> name.equals(e.get("name"))).toList();
        assertEquals(1, found.size(), () -> "one '" + phase + "' event named " + name + " in " + events);
        return found.get(0);
    }

    private static void assertAt(Map<String, Object> event, String ts, int pid, int tid) {
        assertEquals(new BigDecimal(ts), event.get("ts"), () -> "ts of " + event);
        assertEquals(new BigDecimal(pid), event.get("pid"), () -> "pid of " + event);
        assertEquals(new BigDecimal(tid), event.get("tid"), () -> "tid of " + event);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> args(Map<String, Object> event) {
        return (Map<String, Object>) event.get("args");
    }

    // ---- the quote flow (docs/event-notify.md §N.6) ------------------------------------------------------

    private static final TracePoint SUBMIT = TracePoint.keyValue("guest_quote_submit", Field.of("vcpu"),
            Field.of("buffer"), Field.hex("gpa"), Field.hex("size"));
    private static final TracePoint REQUEST = TracePoint.keyValue("vmm_quote_request", Field.of("vcpu"), Field.of("req"),
            Field.hex("gpa"), Field.hex("size"), Field.symbolic("ret", Ghci::statusName));
    private static final TracePoint COMPLETE = TracePoint.keyValue("vmm_quote_complete", Field.of("req"),
            Field.hex("gpa"), Field.symbolic("status", Ghci::quoteStatusName), Field.of("out_len"), Field.of("why"));
    private static final TracePoint MSI = TracePoint.keyValue("vmm_notify_msi", Field.of("req"), Field.hex("vector"),
            Field.of("apic_id"));
    private static final TracePoint RESULT = TracePoint.keyValue("guest_quote_result", Field.of("vcpu"),
            Field.of("buffer"), Field.errno("result"), Field.of("bytes"));

    private static TraceRecord submit(long t, int vcpu, int buffer) {
        return new TraceRecord(t, vcpu, "guest" + vcpu, SUBMIT,
                new Object[] {vcpu, buffer, Ghci.SHARED_BIT | Ghci.quoteBuffer(buffer), 0x1000L});
    }

    /** The VMM's answer to a submission: {@code req} 0 when it refused it. */
    private static TraceRecord request(long t, int vcpu, long req, int buffer) {
        return new TraceRecord(t, 1, "vmm", REQUEST,
                new Object[] {vcpu, req, Ghci.quoteBuffer(buffer), 0x1000L, req == 0 ? Ghci.INVALID_OPERAND : Ghci.SUCCESS});
    }

    private static TraceRecord complete(long t, long req) {
        return new TraceRecord(t, 2, "vmm", COMPLETE,
                new Object[] {req, Ghci.quoteBuffer(0), Ghci.QUOTE_SUCCESS, 2048, "qgs"});
    }

    private static TraceRecord result(long t, int vcpu, int buffer, int result) {
        return new TraceRecord(t, vcpu, "guest" + vcpu, RESULT,
                new Object[] {vcpu, buffer, result, result == 0 ? 2048L : 0L});
    }

    /** A Quote's life is one flow: submission, the VMM's acceptance, completion and MSI, then the guest's result. */
    @Test
    void aQuotesLifeIsOneFlowWithSteps() {
        List<Map<String, Object>> events = events(render(List.of(submit(100, 1, 0), request(200, 1, 1, 0),
                complete(300, 1), new TraceRecord(300, 2, "vmm", MSI, new Object[] {1L, 0xecL, 0}),
                result(400, 1, 0, 0))));
        List<Map<String, Object>> quote = events.stream().filter(e -> "quote".equals(e.get("name"))).toList();
        assertEquals(List.of("s", "t", "t", "t", "f"), quote.stream().map(e -> e.get("ph")).toList());
        assertEquals(1, quote.stream().map(e -> e.get("id")).distinct().count());
    }

    /** A request the VMM refused (req=0) still runs from submission to its result; a result without submission has none. */
    @Test
    void aRefusedRequestHasNoVmmStepsBeyondTheRequest() {
        List<Map<String, Object>> events = events(render(List.of(submit(100, 0, 2), request(200, 0, 0, 2),
                result(300, 0, 2, -Errno.EIO), result(400, 0, 2, -Errno.EBUSY))));
        List<Map<String, Object>> quote = events.stream().filter(e -> "quote".equals(e.get("name"))).toList();
        assertEquals(List.of("s", "t", "f"), quote.stream().map(e -> e.get("ph")).toList());
    }

    /** The flow ends at the guest's result: the VMM's completion after an interrupted wait (-EINTR) is no step. */
    @Test
    void aCompletionAfterTheResultIsNoStep() {
        List<Map<String, Object>> events = events(render(List.of(submit(100, 0, 0), request(200, 0, 1, 0),
                result(300, 0, 0, -Errno.EINTR), complete(400, 1))));

        assertEquals(List.of("s 0.100", "t 0.200", "f 0.300"), events.stream()
                .filter(e -> "quote".equals(e.get("name"))).map(e -> e.get("ph") + " " + e.get("ts")).toList());
        assertEquals("i", only(events, "i", "vmm_quote_complete").get("ph"));
    }

    /**
     * The submission, the steps and the result a quote arrow joins are zero-length slices, written
     * when the result comes, so that every event of the flow binds to a slice.
     */
    @Test
    void aQuotesEndsAndStepsAreSlicesWrittenWithTheResult() {
        List<Map<String, Object>> events = events(render(List.of(submit(100, 1, 0), request(200, 1, 1, 0),
                result(400, 1, 0, 0))));

        List<String> order = events.stream().filter(e -> !"M".equals(e.get("ph")))
                .map(e -> e.get("ph") + " " + e.get("name") + " " + e.get("ts")).toList();
        assertEquals(List.of("X guest_quote_submit 0.100", "s quote 0.100", "X vmm_quote_request 0.200",
                "t quote 0.200", "X guest_quote_result 0.400", "f quote 0.400"), order);
        assertEquals(new BigDecimal(0), only(events, "X", "guest_quote_submit").get("dur"));
    }

    /** A new submission on a buffer replaces the open request there: the old one gets no flow, only an instant. */
    @Test
    void aResubmittedBufferStartsANewFlowAndTheOldSubmissionIsAnInstant() {
        List<Map<String, Object>> events = events(render(List.of(submit(100, 1, 0), request(150, 1, 1, 0),
                submit(200, 0, 0), complete(300, 1), result(400, 0, 0, 0))));

        assertAt(only(events, "i", "guest_quote_submit"), "0.100", 2, 1);
        assertEquals("i", only(events, "i", "vmm_quote_request").get("ph"), "the dropped request's step is an instant");
        assertAt(only(events, "s", "quote"), "0.200", 2, 0);
        assertEquals(List.of("s", "f"), events.stream().filter(e -> "quote".equals(e.get("name")))
                .map(e -> e.get("ph")).toList(), "the old request's completion is no step of the new one");
    }

    // ---- document -----------------------------------------------------------------------------------

    @Test
    void zeroEventsGiveAValidDocumentWithNoTraceEvents() {
        String json = render(List.of());

        assertEquals(List.of(), events(json));
        assertEquals("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[\n]}\n", json);
    }

    @Test
    void aWholeRunIsOneJsonObjectWhoseEventsAllHaveAPhaseAndTime() {
        String json = render(apicvOnRun());

        List<Map<String, Object>> events = events(json);
        for (Map<String, Object> e : events) {
            assertTrue(e.get("ph") instanceof String, () -> "ph in " + e);
            assertTrue(e.get("pid") instanceof BigDecimal, () -> "pid in " + e);
            if (!"M".equals(e.get("ph"))) {
                assertTrue(e.get("ts") instanceof BigDecimal, () -> "ts in " + e);
                assertTrue(e.get("tid") instanceof BigDecimal, () -> "tid in " + e);
            }
        }
        long records = events.stream().filter(e -> "i".equals(e.get("ph"))
                || "X".equals(e.get("ph")) && !"span".equals(e.get("cat"))).count();
        assertEquals(apicvOnRun().size(), records, "one instant (or zero-length slice) per record");
    }

    @Test
    void eventsAreWrittenAsTheyComeAndFinishClosesOnce() {
        StringWriter out = new StringWriter();
        PerfettoTraceWriter writer = new PerfettoTraceWriter(out, TraceFilter.ALL);
        writer.accept(entry(100, 0));
        assertTrue(out.toString().contains("\"name\":\"kvm_entry\""), "written before finish: " + out);

        writer.finish();
        String once = out.toString();
        writer.finish();

        assertEquals(once, out.toString());
        assertEquals(1, withPhase(events(once), "i").size());
        assertThrows(IllegalStateException.class, () -> writer.accept(entry(200, 0)));
    }

    @Test
    void aSourceIsHeldUntilItsDeliveryAndWrittenWithIt() {
        StringWriter out = new StringWriter();
        PerfettoTraceWriter writer = new PerfettoTraceWriter(out, TraceFilter.ALL);
        writer.accept(acceptIrq(1_000, 0, 0, 0x30));
        assertFalse(out.toString().contains("kvm_apic_accept_irq"), "held: it may yet become a slice");

        writer.accept(guestIrq(2_000, 0, 0x30));
        List<String> order = events(out + "\n]}\n").stream().filter(e -> !"M".equals(e.get("ph")))
                .map(e -> e.get("ph") + " " + e.get("name")).toList();
        assertEquals(List.of("X kvm_apic_accept_irq", "s irq", "X guest_irq", "f irq"), order);
    }

    @Test
    void sameRecordsGiveIdenticalBytes() {
        String a = render(apicvOnRun());
        String b = render(apicvOnRun());

        assertEquals(a, b);
        assertNotEquals(a, render(apicvOnRun().subList(0, 5)));
    }

    @ParameterizedTest(name = "{0} ns -> {1}")
    @CsvSource({"0, 0.000", "5, 0.005", "40, 0.040", "999, 0.999", "1000, 1.000", "12301, 12.301",
        "1000000007, 1000000.007", "-1500, -1.500"})
    void timesAreMicrosecondsWithThreeDecimals(long ns, String expected) {
        StringBuilder sb = new StringBuilder();
        PerfettoTraceWriter.appendMicros(sb, ns);
        assertEquals(expected, sb.toString());
    }

    @Test
    void anEventAt12301NsHasTs12Point301() {
        String json = render(List.of(guestIrq(12_301, 0, 0x30)));

        assertTrue(json.contains("\"ts\":12.301,"), json);
        assertAt(only(events(json), "i", "guest_irq"), "12.301", 2, 0);
    }

    // ---- tracks -------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} on cpu {1} -> pid {2} tid {3}")
    @CsvSource({"vcpu0, 3, 2, 0", "vcpu7, 0, 2, 7", "guest2, 1, 2, 2", "guest12, 0, 2, 12", "host, 3, 1, 3",
        "vmm, 1, 1, 1", "tdxmod, 2, 1, 2", "vcpu, 4, 1, 4", "vcpux1, 5, 1, 5"})
    void tasksGoToTheirTracks(String task, int cpu, int pid, int tid) {
        String json = render(List.of(new TraceRecord(1_000, cpu, task, ModelTracePoints.GUEST_NMI, new Object[] {0})));

        List<Map<String, Object>> events = events(json);
        assertAt(only(events, "i", "guest_nmi"), "1.000", pid, tid);
        Map<String, Object> name = only(events, "M", "thread_name");
        assertEquals(new BigDecimal(pid), name.get("pid"));
        assertEquals(new BigDecimal(tid), name.get("tid"));
        assertEquals((pid == 1 ? "cpu " : "vcpu ") + tid, args(name).get("name"));
    }

    @Test
    void everyTrackIsNamedOnceBeforeItsFirstEvent() {
        String json = render(List.of(
                new TraceRecord(100, 2, "host", ModelTracePoints.HOST_IRQ, new Object[] {2, 0xf2, "pi_wakeup"}),
                guestIrq(200, 1, 0x30),
                entry(300, 0),
                ioctl(400, 1, 0, "KVM_NMI", 0),
                guestNmi(500, 1)));

        List<Map<String, Object>> events = events(json);
        List<String> names = new ArrayList<>();
        for (Map<String, Object> e : events) {
            String track = e.get("pid") + "/" + e.get("tid");
            if ("thread_name".equals(e.get("name")) || "process_name".equals(e.get("name"))) {
                names.add(track + " " + args(e).get("name"));
            } else if (!"M".equals(e.get("ph"))) {
                assertTrue(names.stream().anyMatch(n -> n.startsWith(track + " ")), () -> "named before " + e);
                assertTrue(names.contains(e.get("pid") + "/null " + PerfettoTrack.processName(
                        ((BigDecimal) e.get("pid")).intValue())), () -> "process named before " + e);
            }
        }
        assertEquals(List.of("1/null physical CPUs", "1/2 cpu 2", "2/null vCPUs", "2/1 vcpu 1", "2/0 vcpu 0",
                "1/1 cpu 1"), names, "in the order the tracks are first used, each once");
        assertEquals(2, events.stream().filter(e -> "process_sort_index".equals(e.get("name"))).count());
        assertEquals(4, events.stream().filter(e -> "thread_sort_index".equals(e.get("name"))).count());
    }

    // ---- instants -----------------------------------------------------------------------------------

    @Test
    void everyRecordIsAThreadInstantWithItsFieldsAndText() {
        String json = render(List.of(entry(100, 0),
                new TraceRecord(12_302, 0, "guest0", ModelTracePoints.GUEST_IRET, new Object[] {0, "irq", 1})));

        List<Map<String, Object>> events = events(json);
        Map<String, Object> kvmEntry = only(events, "i", "kvm_entry");
        assertEquals("t", kvmEntry.get("s"));
        assertEquals("kvm", kvmEntry.get("cat"));
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("vcpu_id", new BigDecimal(0));
        expected.put("rip", new BigDecimal(0));
        expected.put("immediate_exit", false);
        expected.put("intr_info", new BigDecimal(0));
        expected.put("error_code", new BigDecimal(0));
        expected.put("text", "vcpu 0, rip 0x0 intr_info 0x00000000 error_code 0x00000000");
        assertEquals(expected, args(kvmEntry));
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(args(kvmEntry).keySet()), "field order kept");

        Map<String, Object> iret = args(only(events, "i", "guest_iret"));
        assertEquals("irq", iret.get("what"));
        assertEquals("vcpu=0 what=irq if=1", iret.get("text"));
    }

    @Test
    void stringsAreEscaped() {
        String label = "say \"hi\"\\\n\tdone\u0001";
        String json = render(List.of(new TraceRecord(1, 0, "guest0", ModelTracePoints.GUEST_MARK,
                new Object[] {0, label})));

        Map<String, Object> mark = args(only(events(json), "i", "guest_mark"));
        assertEquals(label, mark.get("label"));
        assertEquals("vcpu=0 label=" + label, mark.get("text"));
    }

    @Test
    void wantsFollowsTheFilter() {
        PerfettoTraceWriter writer = new PerfettoTraceWriter(new StringWriter(), TraceFilter.parse("kvm_*,-kvm_exit"));

        assertTrue(writer.wants(KvmTracePoints.KVM_ENTRY));
        assertFalse(writer.wants(KvmTracePoints.KVM_EXIT));
        assertFalse(writer.wants(ModelTracePoints.GUEST_IRQ));
    }

    // ---- spans --------------------------------------------------------------------------------------

    /** The complete events of category span, as {@code name@ts+dur}, in output order. */
    private static List<String> spans(List<Map<String, Object>> events) {
        return withPhase(events, "X").stream().filter(e -> "span".equals(e.get("cat")))
                .map(e -> e.get("name") + "@" + e.get("ts") + "+" + e.get("dur")).toList();
    }

    private static String render(List<TraceRecord> records, long endTimeNs) {
        StringWriter out = new StringWriter();
        PerfettoTraceWriter writer = new PerfettoTraceWriter(out, TraceFilter.ALL);
        records.forEach(writer::accept);
        writer.finish(endTimeNs);
        return out.toString();
    }

    @Test
    void guestModeRunsFromEntryToExitAndBlockedFromHltExitToWakeup() {
        List<Map<String, Object>> events = events(render(apicvOnRun(), 100_000));

        assertEquals(List.of("guest mode@0.100+0.403", "blocked@0.503+11.497", "guest mode@12.100+0.404",
                "blocked@12.504+87.496"), spans(events), "the last span ends at the end of the run, not at the last event");
        for (Map<String, Object> e : withPhase(events, "X")) {
            assertEquals(new BigDecimal(2), e.get("pid"));
            assertEquals(new BigDecimal(0), e.get("tid"));
        }
        assertEquals(List.of(), withPhase(events, "B"), "no begin/end pairs to mismatch");
        assertEquals(List.of(), withPhase(events, "E"));
    }

    @Test
    void aSpanIsWrittenOnceClosedAfterTheEventsInsideIt() {
        List<Map<String, Object>> events = events(render(List.of(entry(100, 0), exit(503, 0, HLT))));

        List<String> order = events.stream().filter(e -> !"M".equals(e.get("ph")))
                .map(e -> e.get("ph") + " " + e.get("name")).toList();
        assertEquals(List.of("i kvm_entry", "X guest mode", "i kvm_exit", "X blocked"), order);
    }

    /** A TD's TDH.VP.ENTER..SEAMRET is a SEAM span nested in guest mode, on the vCPU's track. */
    @Test
    void tdTimeIsASeamSpanInsideGuestMode() {
        TracePoint seamcall = TracePoint.keyValue("tdx_seamcall", "vcpu", "leaf");
        TracePoint seamret = TracePoint.keyValue("tdx_seamret", Field.of("vcpu"), Field.of("leaf"), Field.hex("status"),
                Field.of("exit_reason"));
        List<Map<String, Object>> events = events(render(List.of(entry(100, 0),
                new TraceRecord(100, 0, "vcpu0", seamcall, new Object[] {0, "TDH.VP.ENTER"}),
                new TraceRecord(1105, 0, "vcpu0", seamret, new Object[] {0, "TDH.VP.ENTER", 0L, 77}),
                exit(1105, 0, EXTERNAL_INTERRUPT))));

        assertEquals(List.of("SEAM@0.100+1.005", "guest mode@0.100+1.005"), spans(events).stream().sorted().toList());
    }

    @Test
    void aNonHltExitEndsGuestModeWithoutBlocking() {
        List<Map<String, Object>> events = events(render(List.of(entry(100, 1), exit(400, 1, EXTERNAL_INTERRUPT),
                entry(500, 1), exit(900, 1, EXTERNAL_INTERRUPT))));

        assertEquals(List.of("guest mode@0.100+0.300", "guest mode@0.500+0.400"), spans(events));
        assertAt(withPhase(events, "X").get(0), "0.100", 2, 1);
    }

    @Test
    void blockedEndsAtTheNextEntryWhenNoWakeupCame() {
        List<Map<String, Object>> events = events(render(List.of(entry(100, 0), exit(200, 0, HLT), entry(300, 0),
                exit(400, 0, EXTERNAL_INTERRUPT))));

        assertEquals(List.of("guest mode@0.100+0.100", "blocked@0.200+0.100", "guest mode@0.300+0.100"),
                spans(events));
    }

    @Test
    void spansAreKeptPerVcpu() {
        List<Map<String, Object>> events = events(render(List.of(entry(100, 0), entry(150, 1),
                exit(200, 0, EXTERNAL_INTERRUPT), exit(250, 1, EXTERNAL_INTERRUPT))));

        assertEquals(List.of("0 0.100", "1 0.150"),
                withPhase(events, "X").stream().map(e -> e.get("tid") + " " + e.get("ts")).toList());
    }

    @Test
    void spansStillOpenEndAtTheEndOfTheRun() {
        List<Map<String, Object>> events = events(render(List.of(entry(100, 0), entry(120, 1), guestHlt(302, 0)),
                1_000));

        assertEquals(List.of("guest mode@0.100+0.900", "guest mode@0.120+0.880"), spans(events));
    }

    @Test
    void withoutARunEndSpansStillOpenEndAtTheLastEvent() {
        List<Map<String, Object>> events = events(render(List.of(entry(100, 0), entry(120, 1), guestHlt(302, 0))));

        assertEquals(List.of("guest mode@0.100+0.202", "guest mode@0.120+0.182"), spans(events));
    }

    @Test
    void withoutEntriesThereAreNoSpans() {
        List<Map<String, Object>> events = events(render(List.of(exit(503, 0, EXTERNAL_INTERRUPT),
                guestIrq(600, 0, 0x30))));

        assertEquals(List.of(), spans(events));
    }

    // ---- flows --------------------------------------------------------------------------------------

    @Test
    void anArrowLinksAcceptIrqToGuestIrq() {
        List<Map<String, Object>> events = events(render(apicvOnRun()));

        Map<String, Object> start = only(events, "s", "irq");
        Map<String, Object> finish = only(events, "f", "irq");
        assertEquals(new BigDecimal(1), start.get("id"));
        assertEquals(start.get("id"), finish.get("id"));
        assertEquals("irq", start.get("cat"));
        assertEquals("irq", finish.get("cat"));
        assertEquals("e", finish.get("bp"));
        assertAt(start, "10.000", 2, 0);
        assertAt(finish, "12.301", 2, 0);
        int s = events.indexOf(start);
        int f = events.indexOf(finish);
        assertEquals("kvm_apic_accept_irq", events.get(s - 1).get("name"), "the arrow leaves the source");
        assertEquals("guest_irq", events.get(f - 1).get("name"), "the arrow reaches the delivery");
        for (Map<String, Object> end : List.of(events.get(s - 1), events.get(f - 1))) {
            assertEquals("X", end.get("ph"), () -> "a flow binds to a slice, not an instant: " + end);
            assertEquals(new BigDecimal(0), end.get("dur"));
        }
    }

    @Test
    void arrowsMatchVcpuAndVectorFirstInFirstOut() {
        List<Map<String, Object>> events = events(render(List.of(
                acceptIrq(1_000, 0, 0, 0x30),
                acceptIrq(1_500, 0, 0, 0x31),
                acceptIrq(2_000, 0, 0, 0x30),
                acceptIrq(2_100, 1, 0x100, 0x30),
                guestIrq(3_000, 0, 0x31),
                guestIrq(3_500, 1, 0x30),
                guestIrq(4_000, 0, 0x30),
                guestIrq(5_000, 0, 0x30),
                guestIrq(6_000, 0, 0x30))));

        Map<Object, Object> startTs = new HashMap<>();
        for (Map<String, Object> s : withPhase(events, "s")) {
            startTs.put(s.get("id"), s.get("ts"));
        }
        List<String> arrows = withPhase(events, "f").stream()
                .map(f -> f.get("id") + ": " + startTs.get(f.get("id")) + "->" + f.get("ts") + " tid " + f.get("tid"))
                .sorted().toList();
        assertEquals(List.of("1: 1.500->3.000 tid 0", "2: 2.100->3.500 tid 1", "3: 1.000->4.000 tid 0",
                "4: 2.000->5.000 tid 0"), arrows, "ids count from 1 in delivery order; LowPrio counts as fixed");
        assertEquals(4, withPhase(events, "s").size(), "the undelivered guest_irq at 6.000 has no arrow");
    }

    @Test
    void sourcesNeverDeliveredGetNoArrow() {
        List<Map<String, Object>> events = events(render(List.of(acceptIrq(1_000, 0, 0, 0x30),
                guestIrq(2_000, 0, 0x31), guestIrq(3_000, 1, 0x30))));

        assertEquals(List.of(), withPhase(events, "s"));
        assertEquals(List.of(), withPhase(events, "f"));
        assertEquals("t", only(events, "i", "kvm_apic_accept_irq").get("s"), "written as an instant at the end");
    }

    @Test
    void undeliveredSourcesAreWrittenAtTheEndInTheOrderTheyCame() {
        List<Map<String, Object>> events = events(render(List.of(acceptIrq(1_000, 0, 0, 0x31),
                ioctl(1_100, 1, 1, "KVM_NMI", 0), acceptIrq(1_200, 0, 0, 0x30), acceptIrq(1_300, 0, 0, 0x31))));

        assertEquals(List.of("1.000", "1.100", "1.200", "1.300").stream().map(BigDecimal::new).toList(),
                withPhase(events, "i").stream().map(e -> e.get("ts")).toList());
    }

    @Test
    void beyondMaxPendingTheOldestUndeliveredSourceIsDroppedAsAnInstant() {
        List<TraceRecord> records = new ArrayList<>();
        for (int i = 0; i <= PerfettoFlows.MAX_PENDING; i++) {
            records.add(acceptIrq(1_000 + i, 0, 0, 0x30));
        }
        records.add(guestIrq(5_000, 0, 0x30));
        List<Map<String, Object>> events = events(render(records));

        assertAt(only(events, "s", "irq"), "1.001", 2, 0);
        Map<String, Object> firstWritten = events.stream().filter(e -> !"M".equals(e.get("ph"))).findFirst().get();
        assertEquals("i kvm_apic_accept_irq", firstWritten.get("ph") + " " + firstWritten.get("name"),
                "dropped when the next source came");
        assertAt(firstWritten, "1.000", 2, 0);
        assertEquals(records.size(), withPhase(events, "i").size() + withPhase(events, "X").size(),
                "every record written once");
    }

    /** Hours of interrupts nobody receives, spans and Quotes never answered: the writer's state stays flat. */
    @Test
    void aMillionRecordsWithoutDeliveriesKeepTheWriterBounded() {
        PerfettoTraceWriter writer = new PerfettoTraceWriter(java.io.Writer.nullWriter(), TraceFilter.ALL);
        int bound = 16 + 8 * PerfettoFlows.MAX_PENDING + 3 * PerfettoFlows.MAX_QUOTES;
        int most = 0;
        for (int i = 0; i < 1_000_000; i++) {
            long t = 10L * i;
            int vcpu = i / 6 % 2;
            int k = i / 6 % 1000;
            writer.accept(switch (i % 6) {
                case 0 -> acceptIrq(t, vcpu, 0, 0x30 + i / 12 % 3);
                case 1 -> ioctl(t, 1, vcpu, "KVM_NMI", 0);
                case 2 -> entry(t, vcpu);
                case 3 -> exit(t, vcpu, HLT);
                case 4 -> submit(t, vcpu, k);
                default -> request(t, vcpu, i, k);
            });
            if (i % 97 == 0) {
                most = Math.max(most, writer.retained());
                assertTrue(writer.retained() <= bound, "retained " + writer.retained() + " after " + i);
            }
        }
        assertTrue(most <= bound, "at most " + most);
        assertTrue(most >= 8 * PerfettoFlows.MAX_PENDING, "the caps, not an empty writer: " + most);
        writer.finish();
        assertEquals(3, writer.retained(), "after finish only the names of the three tracks are left");
    }

    @Test
    void anNmiArrowGoesFromTheIoctlOnItsCpuToTheGuestHandler() {
        List<Map<String, Object>> events = events(render(List.of(
                ioctl(12_000, 1, 0, "KVM_NMI", 0),
                ioctl(12_500, 1, 0, "KVM_NMI", -Errno.EBUSY),
                ioctl(12_600, 1, 0, "KVM_SMI", 0),
                guestNmi(13_401, 0),
                guestNmi(14_000, 0))));

        Map<String, Object> start = only(events, "s", "nmi");
        Map<String, Object> finish = only(events, "f", "nmi");
        assertEquals(start.get("id"), finish.get("id"));
        assertEquals("irq", start.get("cat"));
        assertAt(start, "12.000", 1, 1);
        assertAt(finish, "13.401", 2, 0);
    }

    @Test
    void anNmiSentThroughTheApicIsAnNmiSource() {
        List<Map<String, Object>> events = events(render(List.of(acceptIrq(1_000, 2, 0x400, 0), guestNmi(2_000, 2))));

        assertAt(only(events, "s", "nmi"), "1.000", 2, 2);
        assertAt(only(events, "f", "nmi"), "2.000", 2, 2);
    }

    @ParameterizedTest(name = "dm {0} is no source")
    @ValueSource(ints = {0x200, 0x500, 0x600, 0x700})
    void otherDeliveryModesAreNoSource(int dm) {
        List<Map<String, Object>> events = events(render(List.of(acceptIrq(1_000, 0, dm, 0x30),
                guestIrq(2_000, 0, 0x30), guestNmi(3_000, 0))));

        assertEquals(List.of(), withPhase(events, "s"));
    }

    // ---- the JSON check itself ----------------------------------------------------------------------

    @ParameterizedTest(name = "rejects {0}")
    @ValueSource(strings = {"", "{", "{\"a\":1,}", "[1 2]", "{\"a\" 1}", "{\"a\":01}", "{\"a\":1.}", "\"x",
        "{\"a\":1}{", "{\"a\":tru}", "{\"a\":\"\t\"}", "{\"a\":1,\"a\":2}", "[1,]"})
    void theJsonCheckRejectsMalformedText(String text) {
        assertThrows(IllegalArgumentException.class, () -> JsonCheck.parse(text));
    }

    @Test
    void theJsonCheckReadsWellFormedText() {
        Object v = JsonCheck.parse(" {\"a\":[1,-2.50,true,false,null,\"q\\\"\\u0041\"],\"b\":{}} ");

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("a", java.util.Arrays.asList(new BigDecimal("1"), new BigDecimal("-2.50"), true, false, null,
                "q\"A"));
        expected.put("b", Map.of());
        assertEquals(expected, v);
    }

    /** A strict recursive-descent JSON reader: objects as ordered maps, numbers as BigDecimal. */
    private static final class JsonCheck {

        private final String s;
        private int i;

        private JsonCheck(String s) {
            this.s = s;
        }

        static Object parse(String text) {
            JsonCheck p = new JsonCheck(text);
            Object v = p.value();
            p.ws();
            if (p.i != text.length()) {
                throw p.error("trailing text");
            }
            return v;
        }

        private Object value() {
            ws();
            if (i >= s.length()) {
                throw error("value expected");
            }
            char c = s.charAt(i);
            return switch (c) {
                case '{' -> object();
                case '[' -> array();
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", null);
                default -> number();
            };
        }

        private Map<String, Object> object() {
            Map<String, Object> m = new LinkedHashMap<>();
            i++;
            ws();
            if (peek() == '}') {
                i++;
                return m;
            }
            while (true) {
                ws();
                if (peek() != '"') {
                    throw error("key expected");
                }
                String key = string();
                ws();
                expect(':');
                Object v = value();
                if (m.containsKey(key)) {
                    throw error("duplicate key " + key);
                }
                m.put(key, v);
                ws();
                if (peek() == ',') {
                    i++;
                } else {
                    expect('}');
                    return m;
                }
            }
        }

        private List<Object> array() {
            List<Object> l = new ArrayList<>();
            i++;
            ws();
            if (peek() == ']') {
                i++;
                return l;
            }
            while (true) {
                l.add(value());
                ws();
                if (peek() == ',') {
                    i++;
                } else {
                    expect(']');
                    return l;
                }
            }
        }

        private String string() {
            StringBuilder sb = new StringBuilder();
            i++;
            while (true) {
                if (i >= s.length()) {
                    throw error("unterminated string");
                }
                char c = s.charAt(i++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c < 0x20) {
                    throw error("control character in string");
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                if (i >= s.length()) {
                    throw error("bad escape");
                }
                char e = s.charAt(i++);
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        if (i + 4 > s.length() || !s.substring(i, i + 4).matches("[0-9a-fA-F]{4}")) {
                            throw error("bad \\u escape");
                        }
                        sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> throw error("bad escape");
                }
            }
        }

        private BigDecimal number() {
            java.util.regex.Matcher m = java.util.regex.Pattern
                    .compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?").matcher(s);
            if (!m.find(i) || m.start() != i) {
                throw error("value expected");
            }
            i = m.end();
            if (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                throw error("bad number");
            }
            return new BigDecimal(m.group());
        }

        private Object literal(String word, Object v) {
            if (!s.startsWith(word, i)) {
                throw error("bad literal");
            }
            i += word.length();
            return v;
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("'" + c + "' expected");
            }
            i++;
        }

        private char peek() {
            return i < s.length() ? s.charAt(i) : '\0';
        }

        private void ws() {
            while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException(what + " at " + i + ": "
                    + s.substring(Math.max(0, i - 20), Math.min(s.length(), i + 20)));
        }
    }
}
