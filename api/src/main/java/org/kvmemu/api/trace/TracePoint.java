package org.kvmemu.api.trace;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.kvmemu.api.annotation.API;

/**
 * One trace event type, declared once (as a line of QEMU's {@code trace-events} or a
 * {@code TRACE_EVENT} of the kernel's {@code trace.h}): its name, its fields in order, and how its
 * text is formatted. Emitting it costs nothing when no sink wants it ({@link Tracer#on}).
 */
@API(status = API.Status.MAINTAINED, since = "1")
public final class TracePoint {

    private static final AtomicInteger IDS = new AtomicInteger();
    /** Every trace point declared in this JVM so far, by name. */
    private static final Map<String, TracePoint> DEFINED = new ConcurrentHashMap<>();

    private final int id;
    private final String name;
    private final List<String> fields;
    private final Formatter formatter;
    private final boolean[] unsigned;

    private TracePoint(String name, Formatter formatter, List<String> fields, boolean[] unsigned) {
        this.id = IDS.getAndIncrement();
        this.name = name;
        this.fields = fields;
        this.formatter = formatter;
        this.unsigned = unsigned;
    }

    /**
     * Declares a trace point.
     *
     * @param name      the event name, {@code kvm_*} for KVM's own, {@code <subsystem>_<what>} otherwise
     * @param formatter writes the text after {@code "<name>: "} from the field values
     * @param fields    the field names, in the order values are passed to {@link Tracer#emit}
     */
    public static TracePoint define(String name, Formatter formatter, String... fields) {
        return declare(name, formatter, List.of(fields), new boolean[fields.length]);
    }

    /**
     * Declares a trace point whose fields are C unsigned integers ({@code u32}, {@code u64},
     * {@code unsigned long}) except those named in {@code signed}, as the kernel's
     * {@code TP_STRUCT__entry} types them: machine-readable output prints an unsigned field's
     * value as unsigned ({@code intr_info} 0x80000030 is 2147483696).
     */
    public static TracePoint kernel(String name, Set<String> signed, Formatter formatter, String... fields) {
        boolean[] unsigned = new boolean[fields.length];
        for (int i = 0; i < fields.length; i++) {
            unsigned[i] = !signed.contains(fields[i]);
        }
        return declare(name, formatter, List.of(fields), unsigned);
    }

    private static TracePoint declare(String name, Formatter formatter, List<String> fields, boolean[] unsigned) {
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("bad trace point name: " + name);
        }
        TracePoint point = new TracePoint(name, formatter, fields, unsigned);
        DEFINED.putIfAbsent(name, point);
        return point;
    }

    /**
     * Every trace point declared so far in this JVM, sorted by name: those of the api, and those of
     * each plugin whose declaring class has been initialized (as running a VM on it does).
     */
    public static List<TracePoint> defined() {
        return DEFINED.values().stream().sorted(Comparator.comparing(TracePoint::name)).toList();
    }

    /**
     * Declares a trace point of kvmemu's own whose text is its fields as {@code key=value},
     * space-separated, in order; integers in decimal unless the formatter is given.
     */
    public static TracePoint keyValue(String name, String... fields) {
        return define(name, (out, args) -> {
            for (int i = 0; i < fields.length; i++) {
                if (i > 0) {
                    out.append(' ');
                }
                out.append(fields[i]).append('=').append(args[i]);
            }
        }, fields);
    }

    /** A small dense number, distinct per trace point in this JVM, for per-tracer caches. */
    int id() {
        return id;
    }

    /** The event name. */
    public String name() {
        return name;
    }

    /** The field names in emission order. */
    public List<String> fields() {
        return fields;
    }

    /** Whether field {@code index} is a C unsigned integer (see {@link #kernel}). */
    public boolean isUnsigned(int index) {
        return unsigned[index];
    }

    /** Writes the event's text (without the name) for {@code args}. */
    public void format(StringBuilder out, Object[] args) {
        formatter.format(out, args);
    }

    @Override
    public String toString() {
        return name;
    }

    /** Writes an event's text from its field values. */
    @FunctionalInterface
    public interface Formatter {
        /** Appends the text for {@code args} (one value per field) to {@code out}. */
        void format(StringBuilder out, Object[] args);
    }
}
