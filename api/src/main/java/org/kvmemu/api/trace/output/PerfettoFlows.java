package org.kvmemu.api.trace.output;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.kvmemu.api.trace.TraceRecord;

/**
 * The flow arrows of the perfetto output, matched as the records come: each interrupt's source
 * record linked to the record of its delivery to the guest. Fixed interrupts:
 * {@code kvm_apic_accept_irq} (Fixed or LowPrio; apicid is the vCPU index) to the next
 * {@code guest_irq} of that vCPU and vector. NMIs: a successful {@code vmm_ioctl} {@code KVM_NMI},
 * or {@code kvm_apic_accept_irq} in NMI mode, to the next {@code guest_nmi} of that vCPU. Sources
 * are matched first in, first out; a source never delivered gets no arrow, and at most
 * {@link #MAX_PENDING} undelivered sources are kept per vCPU and vector (the oldest go first), so
 * memory stays flat. Flow ids count from 1 in the order of the deliveries.
 */
final class PerfettoFlows {

    /** Undelivered sources kept per vCPU and vector (or per vCPU for NMIs). */
    static final int MAX_PENDING = 256;

    /** One arrow: its id, its name ({@code irq} or {@code nmi}) and where its source was. */
    record Flow(int id, String name, long sourceNs, PerfettoTrack sourceTrack) {
    }

    private record Source(long timeNs, PerfettoTrack track) {
    }

    private final Map<String, ArrayDeque<Source>> pending = new HashMap<>();
    private int lastId;

    /** Takes {@code record} (on {@code track}) in order; the arrow it completes as a delivery, or null. */
    Flow next(TraceRecord record, PerfettoTrack track) {
        String source = sourceKey(record);
        if (source != null) {
            ArrayDeque<Source> queue = pending.computeIfAbsent(source, k -> new ArrayDeque<>());
            if (queue.size() == MAX_PENDING) {
                queue.poll();
            }
            queue.add(new Source(record.timeNs(), track));
            return null;
        }
        String delivery = deliveryKey(record);
        ArrayDeque<Source> queue = delivery == null ? null : pending.get(delivery);
        if (queue == null || queue.isEmpty()) {
            return null;
        }
        Source from = queue.poll();
        return new Flow(++lastId, delivery.substring(0, delivery.indexOf(' ')), from.timeNs(), from.track());
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
