package org.kvmemu.api.trace.output;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.kvmemu.api.trace.TraceRecord;

/**
 * The duration spans of the perfetto output, driven by {@link #RULES}: each rule opens a span on a
 * record's track when {@code begins} holds and closes it at the first later record on that track
 * for which {@code ends} holds. Spans of one track must nest (begin/end events form a stack).
 */
final class PerfettoSpans {

    /** Span category in the output. */
    static final String CATEGORY = "span";

    /** One kind of span: its name, the record that opens it and the record that closes it. */
    record Rule(String name, Predicate<TraceRecord> begins, Predicate<TraceRecord> ends) {
    }

    /**
     * The spans, checked in this order for every record (ends first, then begins). A TD's time in
     * the TDX module and the TD (TDH.VP.ENTER to SEAMRET) is a "SEAM" span inside "guest mode".
     */
    static final List<Rule> RULES = List.of(
            new Rule("guest mode", named("kvm_entry"), named("kvm_exit")),
            new Rule("SEAM", named("tdx_seamcall"), named("tdx_seamret")),
            new Rule("blocked", PerfettoSpans::hltExit, named("kvm_vcpu_wakeup").or(named("kvm_entry"))));

    /** Receives span begin ({@code 'B'}) and end ({@code 'E'}) events. */
    interface Sink {
        void span(char phase, String name, PerfettoTrack track, long timeNs);
    }

    private final List<Rule> rules;
    private final Map<PerfettoTrack, List<Rule>> open = new TreeMap<>();

    PerfettoSpans(List<Rule> rules) {
        this.rules = rules;
    }

    /** Closes and opens the spans {@code record} ends and begins, before its own event is written. */
    void apply(TraceRecord record, PerfettoTrack track, Sink sink) {
        List<Rule> stack = open.get(track);
        if (stack != null) {
            for (Rule rule : rules) {
                if (stack.contains(rule) && rule.ends().test(record)) {
                    close(stack, rule, track, record.timeNs(), sink);
                }
            }
        }
        for (Rule rule : rules) {
            if (rule.begins().test(record)) {
                stack = open.computeIfAbsent(track, t -> new ArrayList<>());
                if (stack.contains(rule)) {
                    close(stack, rule, track, record.timeNs(), sink);
                }
                stack.add(rule);
                sink.span('B', rule.name(), track, record.timeNs());
            }
        }
    }

    /** Closes every open span at {@code timeNs}, tracks in order, innermost first. */
    void closeAll(long timeNs, Sink sink) {
        for (Map.Entry<PerfettoTrack, List<Rule>> e : open.entrySet()) {
            List<Rule> stack = e.getValue();
            while (!stack.isEmpty()) {
                sink.span('E', stack.remove(stack.size() - 1).name(), e.getKey(), timeNs);
            }
        }
    }

    /** Ends {@code rule}'s span, and first any span opened inside it, so that spans stay nested. */
    private static void close(List<Rule> stack, Rule rule, PerfettoTrack track, long timeNs, Sink sink) {
        Rule top;
        do {
            top = stack.remove(stack.size() - 1);
            sink.span('E', top.name(), track, timeNs);
        } while (top != rule);
    }

    private static Predicate<TraceRecord> named(String event) {
        return r -> r.point().name().equals(event);
    }

    /** A {@code kvm_exit} whose basic exit reason is HLT (12). */
    private static boolean hltExit(TraceRecord r) {
        if (!r.point().name().equals("kvm_exit")) {
            return false;
        }
        Object reason = PerfettoFlows.field(r, "exit_reason");
        return reason instanceof Number n && (n.longValue() & 0xffff) == 12;
    }
}
