package org.kvmemu.api.trace.output;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kvmemu.api.guest.Ghci;
import org.kvmemu.api.trace.TraceRecord;

/**
 * The flow arrows of the perfetto output, matched as the records come: each interrupt's source
 * record linked to the record of its delivery to the guest. Fixed interrupts:
 * {@code kvm_apic_accept_irq} (Fixed or LowPrio; apicid is the vCPU index) to the next
 * {@code guest_irq} of that vCPU and vector. NMIs: a successful {@code vmm_ioctl} {@code KVM_NMI},
 * or {@code kvm_apic_accept_irq} in NMI mode, to the next {@code guest_nmi} of that vCPU. Sources
 * are matched first in, first out; a source never delivered gets no arrow. A Quote request's life
 * is one flow named {@code quote} with steps: {@code guest_quote_submit}, the VMM's
 * {@code vmm_quote_request}, {@code vmm_quote_complete} and {@code vmm_notify_msi} of the request
 * it accepted, to the {@code guest_quote_result} of the same vCPU and buffer.
 *
 * <p>An arrow's ends and a Quote's steps are zero-length slices, so a source (or a submission and
 * its steps) is held until its delivery (or result) comes and then written with it; one that never
 * gets there is written as an instant when it is dropped or at {@link #flush}. What is held is bounded, so memory stays flat:
 * at most {@link #MAX_PENDING} undelivered sources per vCPU and vector (per vCPU for NMIs), at
 * most one open Quote per buffer and {@link #MAX_QUOTES} in all, at most {@link #MAX_STEPS} steps
 * each; the oldest go first. Flow ids count from 1 in the order the arrows complete.
 */
final class PerfettoFlows {

    /** Undelivered sources kept per vCPU and vector (or per vCPU for NMIs). */
    static final int MAX_PENDING = 256;
    /** Open Quote requests kept (submitted, no result yet). */
    static final int MAX_QUOTES = 256;
    /** Steps kept per open Quote request; later ones get no step. */
    static final int MAX_STEPS = 64;

    /** Writes what the flows decide: records as instants or slices, and the arrows' events. */
    interface Sink {
        /** {@code record} on {@code track}: a zero-length slice when {@code slice}, else an instant. */
        void record(TraceRecord record, PerfettoTrack track, boolean slice);

        /** One event of arrow {@code id} ({@code s}, {@code t} or {@code f}). */
        void flow(char phase, int id, String name, PerfettoTrack track, long timeNs);
    }

    /** A record held until its arrow completes, with its arrival number for a stable flush order. */
    private record Held(long seq, TraceRecord record, PerfettoTrack track) {
    }

    /** An open Quote request: its submission and the steps seen so far, held. */
    private record Chain(Held submit, List<Held> steps) {
    }

    private final Map<String, ArrayDeque<Held>> pending = new HashMap<>();
    private final Map<String, Chain> open = new LinkedHashMap<>();
    private final Map<Object, Chain> accepted = new HashMap<>();
    private int pendingCount;
    private long seq;
    private int lastId;

    /**
     * Takes {@code record} (on {@code track}) in order. Returns true when the flows have written or
     * hold it; false when the caller writes it as an instant (a step's instant included).
     */
    boolean take(TraceRecord record, PerfettoTrack track, Sink sink) {
        seq++;
        String source = sourceKey(record);
        if (source != null) {
            hold(source, new Held(seq, record, track), sink);
            return true;
        }
        String delivery = deliveryKey(record);
        if (delivery != null) {
            return deliver(delivery, record, track, sink);
        }
        return quote(record, track, sink);
    }

    /** Writes every record still held, as instants, in the order they came. */
    void flush(Sink sink) {
        List<Held> held = new ArrayList<>();
        pending.values().forEach(held::addAll);
        open.values().forEach(c -> {
            held.add(c.submit());
            held.addAll(c.steps());
        });
        held.sort((a, b) -> Long.compare(a.seq(), b.seq()));
        held.forEach(h -> sink.record(h.record(), h.track(), false));
        pending.clear();
        open.clear();
        accepted.clear();
        pendingCount = 0;
    }

    /** How many records, steps and request links are held: bounded, however long the run. */
    int held() {
        int steps = 0;
        for (Chain c : open.values()) {
            steps += 1 + c.steps().size();
        }
        return pendingCount + steps + accepted.size();
    }

    private void hold(String key, Held source, Sink sink) {
        ArrayDeque<Held> queue = pending.computeIfAbsent(key, k -> new ArrayDeque<>());
        if (queue.size() == MAX_PENDING) {
            Held oldest = queue.poll();
            pendingCount--;
            sink.record(oldest.record(), oldest.track(), false);
        }
        queue.add(source);
        pendingCount++;
    }

    private boolean deliver(String key, TraceRecord record, PerfettoTrack track, Sink sink) {
        ArrayDeque<Held> queue = pending.get(key);
        if (queue == null) {
            return false;
        }
        Held from = queue.poll();
        pendingCount--;
        if (queue.isEmpty()) {
            pending.remove(key);
        }
        String name = key.substring(0, key.indexOf(' '));
        int id = ++lastId;
        sink.record(from.record(), from.track(), true);
        sink.flow('s', id, name, from.track(), from.record().timeNs());
        sink.record(record, track, true);
        sink.flow('f', id, name, track, record.timeNs());
        return true;
    }

    private boolean quote(TraceRecord r, PerfettoTrack track, Sink sink) {
        switch (r.point().name()) {
            case "guest_quote_submit" -> {
                String buffer = String.valueOf(field(r, "buffer"));
                String onBuffer = " " + buffer;
                Iterator<Map.Entry<String, Chain>> it = open.entrySet().iterator();
                while (it.hasNext()) {
                    Map.Entry<String, Chain> e = it.next();
                    if (e.getKey().endsWith(onBuffer) || open.size() >= MAX_QUOTES) {
                        it.remove();
                        drop(e.getValue(), sink);
                    }
                }
                open.put(field(r, "vcpu") + " " + buffer, new Chain(new Held(seq, r, track), new ArrayList<>()));
                return true;
            }
            case "vmm_quote_request" -> {
                Chain chain = open.get(field(r, "vcpu") + " " + bufferOf(field(r, "gpa")));
                boolean held = chain != null && step(chain, r, track);
                if (held && !"0".equals(String.valueOf(field(r, "req")))) {
                    accepted.put(field(r, "req"), chain);
                }
                return held;
            }
            case "vmm_quote_complete", "vmm_notify_msi" -> {
                Chain chain = accepted.get(field(r, "req"));
                return chain != null && step(chain, r, track);
            }
            case "guest_quote_result" -> {
                Chain chain = open.remove(field(r, "vcpu") + " " + field(r, "buffer"));
                if (chain == null) {
                    return false;
                }
                accepted.values().removeIf(c -> c == chain);
                int id = ++lastId;
                Held submit = chain.submit();
                sink.record(submit.record(), submit.track(), true);
                sink.flow('s', id, "quote", submit.track(), submit.record().timeNs());
                for (Held s : chain.steps()) {
                    sink.record(s.record(), s.track(), true);
                    sink.flow('t', id, "quote", s.track(), s.record().timeNs());
                }
                sink.record(r, track, true);
                sink.flow('f', id, "quote", track, r.timeNs());
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** Holds {@code r} as a step of {@code chain} unless it has {@link #MAX_STEPS}; whether it did. */
    private boolean step(Chain chain, TraceRecord r, PerfettoTrack track) {
        if (chain.steps().size() >= MAX_STEPS) {
            return false;
        }
        chain.steps().add(new Held(seq, r, track));
        return true;
    }

    /** Gives up on an open Quote request: its submission and steps become instants, it gets no flow. */
    private void drop(Chain chain, Sink sink) {
        accepted.values().removeIf(c -> c == chain);
        sink.record(chain.submit().record(), chain.submit().track(), false);
        chain.steps().forEach(s -> sink.record(s.record(), s.track(), false));
    }

    /** The Quote buffer number of a GPA as the VMM traces it (a number), or null. */
    private static String bufferOf(Object gpa) {
        if (!(gpa instanceof Number n)) {
            return null;
        }
        long g = n.longValue() - Ghci.quoteBuffer(0);
        return Long.toString(g >>> 38);
    }

    /** The value of {@code record}'s field {@code name}, or null when it has none. */
    static Object field(TraceRecord record, String name) {
        int i = record.point().fields().indexOf(name);
        return i >= 0 && i < record.args().length ? record.args()[i] : null;
    }

    private static String sourceKey(TraceRecord r) {
        switch (r.point().name()) {
            case "kvm_apic_accept_irq" -> {
                Object apicid = field(r, "apicid");
                Object dm = field(r, "dm");
                Object vec = field(r, "vec");
                if (!(apicid instanceof Number id) || !(dm instanceof Number mode) || !(vec instanceof Number v)) {
                    return null;
                }
                return switch ((mode.intValue() >> 8) & 7) {
                    case 0, 1 -> "irq " + id.longValue() + " " + v.longValue();
                    case 4 -> "nmi " + id.longValue();
                    default -> null;
                };
            }
            case "vmm_ioctl" -> {
                Object vcpu = field(r, "vcpu");
                boolean ok = "KVM_NMI".equals(String.valueOf(field(r, "ioctl")))
                        && field(r, "result") instanceof Number result && result.intValue() == 0;
                return ok && vcpu instanceof Number n ? "nmi " + n.longValue() : null;
            }
            default -> {
                return null;
            }
        }
    }

    private static String deliveryKey(TraceRecord r) {
        switch (r.point().name()) {
            case "guest_irq" -> {
                Object vcpu = field(r, "vcpu");
                Object vector = field(r, "vector");
                return vcpu instanceof Number n && vector instanceof Number v
                        ? "irq " + n.longValue() + " " + v.longValue() : null;
            }
            case "guest_nmi" -> {
                return field(r, "vcpu") instanceof Number n ? "nmi " + n.longValue() : null;
            }
            default -> {
                return null;
            }
        }
    }
}
