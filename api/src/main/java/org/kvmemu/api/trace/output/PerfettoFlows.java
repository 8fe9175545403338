package org.kvmemu.api.trace.output;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.kvmemu.api.trace.TraceRecord;

/**
 * The flow arrows of the perfetto output: each interrupt's source record linked to the record of
 * its delivery to the guest. Fixed interrupts: {@code kvm_apic_accept_irq} (Fixed or LowPrio;
 * apicid is the vCPU index) to the next {@code guest_irq} of that vCPU and vector. NMIs: a
 * successful {@code vmm_ioctl} {@code KVM_NMI}, or {@code kvm_apic_accept_irq} in NMI mode, to the
 * next {@code guest_nmi} of that vCPU. Sources are matched first in, first out; a source never
 * delivered gets no arrow. Flow ids count from 1 in the order of the sources. A Quote request's
 * life is one flow named {@code quote} with steps: {@code guest_quote_submit}, the VMM's
 * {@code vmm_quote_request}, {@code vmm_quote_complete} and {@code vmm_notify_msi} of the request
 * it accepted, to the {@code guest_quote_result} of the same vCPU and buffer; its ids follow the
 * interrupts'.
 */
final class PerfettoFlows {

    /** One arrow: its id and name ({@code irq} or {@code nmi}). */
    record Flow(int id, String name) {
    }

    private final Map<Integer, Flow> starts = new HashMap<>();
    private final Map<Integer, Flow> finishes = new HashMap<>();
    private final Map<Integer, Flow> steps = new HashMap<>();

    /** Matches the sources and deliveries among {@code records}. */
    PerfettoFlows(List<TraceRecord> records) {
        Map<String, ArrayDeque<Integer>> pending = new HashMap<>();
        List<int[]> pairs = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            TraceRecord r = records.get(i);
            String source = sourceKey(r);
            if (source != null) {
                pending.computeIfAbsent(source, k -> new ArrayDeque<>()).add(i);
            }
            String delivery = deliveryKey(r);
            if (delivery != null) {
                ArrayDeque<Integer> queue = pending.get(delivery);
                if (queue != null && !queue.isEmpty()) {
                    pairs.add(new int[] {queue.poll(), i});
                }
            }
        }
        pairs.sort((a, b) -> Integer.compare(a[0], b[0]));
        int id = 0;
        for (int[] pair : pairs) {
            String key = deliveryKey(records.get(pair[1]));
            Flow flow = new Flow(++id, key.substring(0, key.indexOf(' ')));
            starts.put(pair[0], flow);
            finishes.put(pair[1], flow);
        }
        quotes(records, id);
    }

    /** The quote flows among {@code records}, with ids after {@code lastId}. */
    private void quotes(List<TraceRecord> records, int lastId) {
        Map<String, List<Integer>> open = new HashMap<>();
        Map<Object, List<Integer>> accepted = new HashMap<>();
        List<List<Integer>> done = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            TraceRecord r = records.get(i);
            switch (r.point().name()) {
                case "guest_quote_submit" -> {
                    String buffer = String.valueOf(field(r, "buffer"));
                    open.keySet().removeIf(k -> k.endsWith(" " + buffer));
                    List<Integer> chain = new ArrayList<>();
                    chain.add(i);
                    open.put(field(r, "vcpu") + " " + buffer, chain);
                }
                case "vmm_quote_request" -> {
                    List<Integer> chain = open.get(field(r, "vcpu") + " " + bufferOf(field(r, "gpa")));
                    if (chain != null) {
                        chain.add(i);
                        if (!"0".equals(String.valueOf(field(r, "req")))) {
                            accepted.put(field(r, "req"), chain);
                        }
                    }
                }
                case "vmm_quote_complete", "vmm_notify_msi" -> {
                    List<Integer> chain = accepted.get(field(r, "req"));
                    if (chain != null) {
                        chain.add(i);
                    }
                }
                case "guest_quote_result" -> {
                    List<Integer> chain = open.remove(field(r, "vcpu") + " " + field(r, "buffer"));
                    if (chain != null) {
                        chain.add(i);
                        done.add(chain);
                    }
                }
                default -> {
                }
            }
        }
        done.sort((a, b) -> Integer.compare(a.get(0), b.get(0)));
        int id = lastId;
        for (List<Integer> chain : done) {
            Flow flow = new Flow(++id, "quote");
            starts.put(chain.get(0), flow);
            finishes.put(chain.get(chain.size() - 1), flow);
            for (int k = 1; k < chain.size() - 1; k++) {
                steps.put(chain.get(k), flow);
            }
        }
    }

    /** The Quote buffer number of a GPA as the VMM traces it ({@code 0x...}), or null. */
    private static String bufferOf(Object gpa) {
        String text = String.valueOf(gpa);
        if (!text.startsWith("0x")) {
            return null;
        }
        long g = Long.parseUnsignedLong(text.substring(2), 16) - org.kvmemu.api.guest.Ghci.quoteBuffer(0);
        return Long.toString(g >>> 38);
    }

    /** The step of an arrow at record {@code index}, or null. */
    Flow stepAt(int index) {
        return steps.get(index);
    }

    /** The arrow starting at record {@code index}, or null. */
    Flow startAt(int index) {
        return starts.get(index);
    }

    /** The arrow ending at record {@code index}, or null. */
    Flow finishAt(int index) {
        return finishes.get(index);
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
                        && "0".equals(String.valueOf(field(r, "result")));
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
