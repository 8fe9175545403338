package org.kvmemu.api.trace;

import java.util.List;
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

    private final int id;
    private final String name;
    private final List<String> fields;
    private final Formatter formatter;

    private TracePoint(String name, Formatter formatter, List<String> fields) {
        this.id = IDS.getAndIncrement();
        this.name = name;
        this.fields = fields;
        this.formatter = formatter;
    }

    /**
     * Declares a trace point.
     *
     * @param name      the event name, {@code kvm_*} for KVM's own, {@code <subsystem>_<what>} otherwise
     * @param formatter writes the text after {@code "<name>: "} from the field values
     * @param fields    the field names, in the order values are passed to {@link Tracer#emit}
     */
    public static TracePoint define(String name, Formatter formatter, String... fields) {
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("bad trace point name: " + name);
        }
        return new TracePoint(name, formatter, List.of(fields));
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
