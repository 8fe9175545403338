package org.kvmemu.api.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.kvmemu.api.annotation.API;
import org.kvmemu.api.invariant.Invariants;
import org.kvmemu.api.trace.ModelTracePoints;
import org.kvmemu.api.trace.Tracer;

/**
 * Model invariants that broke during a run, by name, with the time and what was seen. Each is
 * also a {@code model_violation} trace event. The names are documented in docs/violations.md; the
 * ones hardware models and plugins report come through {@link Invariants}.
 */
@API(status = API.Status.INTERNAL, since = "1")
public final class Violations implements Invariants {

    /** An interrupt stayed pending while the vCPU it was for slept with interrupts enabled. */
    public static final String LOST_INTERRUPT = "lost-interrupt";
    /** An NMI was delivered while the guest's NMIs were blocked. */
    public static final String NMI_WHILE_BLOCKED = "nmi-while-blocked";
    /** A maskable interrupt was delivered while RFLAGS.IF=0 or in an interrupt shadow. */
    public static final String IRQ_WHILE_MASKED = "irq-while-masked";
    /** One posted or injected interrupt was delivered twice. */
    public static final String DOUBLE_DELIVERY = "double-delivery";

    /** How many violations' details are kept (all are counted). */
    public static final int KEPT_DETAILS = 20;

    /** Every name, sorted. */
    public static final List<String> NAMES = List.of(DOUBLE_DELIVERY, HOST_NMI_OUT_OF_ORDER, IRQ_WHILE_MASKED,
            LOST_INTERRUPT, NMI_WHILE_BLOCKED, PROTECTED_STATE_READ, QUOTE_COMPLETED_TWICE, QUOTE_STATUS_BEFORE_DATA, SMI_TO_TD,
            VCPU_LIVELOCK);

    private final Tracer trace;
    private final Map<String, Long> counts = new TreeMap<>();
    private final List<String> details = new ArrayList<>();
    private long total;

    /** Violations reported to {@code trace}. */
    public Violations(Tracer trace) {
        this.trace = trace;
    }

    /**
     * Records that invariant {@code name} broke; {@code detail} says what was seen. Every one is
     * counted and traced; the first {@link #KEPT_DETAILS} details are kept for the summary.
     */
    public void record(String name, String detail, String task, int cpu) {
        counts.merge(name, 1L, Long::sum);
        total++;
        if (details.size() < KEPT_DETAILS) {
            details.add(name + ": " + detail);
        }
        if (trace.on(ModelTracePoints.MODEL_VIOLATION)) {
            trace.emit(ModelTracePoints.MODEL_VIOLATION, task, cpu, name, detail);
        }
    }

    @Override
    public void violated(String name, String detail, String task, int cpu) {
        record(name, detail, task, cpu);
    }

    /** How often {@code name} broke. */
    public long count(String name) {
        return counts.getOrDefault(name, 0L);
    }

    /** How many violations were recorded in all. */
    public long total() {
        return total;
    }

    /** The details kept (the first {@link #KEPT_DETAILS}), in order. */
    public List<String> details() {
        return List.copyOf(details);
    }

    /** The kept details joined by {@code ; }, and how many more there were. */
    public String describe() {
        return String.join("; ", details) + (total > details.size() ? "; and " + (total - details.size()) + " more" : "");
    }
}
