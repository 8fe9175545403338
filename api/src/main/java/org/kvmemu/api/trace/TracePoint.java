package org.kvmemu.api.trace;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;
import org.kvmemu.api.annotation.API;
import org.kvmemu.api.kvm.Errno;

/**
 * One trace event type, declared once (as a line of QEMU's {@code trace-events} or a
 * {@code TRACE_EVENT} of the kernel's {@code trace.h}): its name, its fields in order, and how its
 * text is formatted. Emitting it costs nothing when no sink wants it ({@link Tracer#on}).
 *
 * <p>Machine-readable output writes each key once ({@link #key}): a field named like a member of
 * a JSON line's envelope ({@code time_ns}, {@code cpu}, {@code task}, {@code event}) or Perfetto's
 * {@code text}, or like an earlier field, gets its position appended ({@code cpu_1}); a field
 * {@code cpu} whose value is the line's own physical CPU (the text format prints {@code cpu=N}) is
 * not written again (docs/trace-format.md §4).
 */
@API(status = API.Status.MAINTAINED, since = "1")
public final class TracePoint {

    private static final AtomicInteger IDS = new AtomicInteger();
    /** Every trace point declared in this JVM so far, by name. */
    private static final Map<String, TracePoint> DEFINED = new ConcurrentHashMap<>();
    /**
     * The trace points each class declared, kept with the class itself: a class of a plugin
     * module loaded again in a new layer has its own, and a discarded layer's go with it.
     */
    private static final ClassValue<List<TracePoint>> DECLARED_BY = new ClassValue<>() {
        @Override
        protected List<TracePoint> computeValue(Class<?> type) {
            return new CopyOnWriteArrayList<>();
        }
    };
    private static final StackWalker CALLERS = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private final int id;
    private final String name;
    private final List<String> fields;
    private final Formatter formatter;
    private final boolean[] unsigned;
    private final String[] keys;
    private final String shape;

    /** The keys machine-readable output writes besides the fields: the JSON envelope and Perfetto's {@code text}. */
    private static final Set<String> OUTPUT_KEYS = Set.of("time_ns", "cpu", "task", "event", "text");

    private TracePoint(String name, String shape, Formatter formatter, List<String> fields, boolean[] unsigned) {
        this.id = IDS.getAndIncrement();
        this.name = name;
        this.shape = shape;
        this.fields = fields;
        this.formatter = formatter;
        this.unsigned = unsigned;
        this.keys = new String[fields.size()];
        for (int i = 0; i < keys.length; i++) {
            String field = fields.get(i);
            boolean clashes = OUTPUT_KEYS.contains(field) || fields.subList(0, i).contains(field);
            keys[i] = clashes ? field + "_" + (i + 1) : field;
        }
    }

    /**
     * Declares a trace point.
     *
     * @param name      the event name, {@code kvm_*} for KVM's own, {@code <subsystem>_<what>} otherwise
     * @param formatter writes the text after {@code "<name>: "} from the field values
     * @param fields    the field names, in the order values are passed to {@link Tracer#emit}
     */
    public static TracePoint define(String name, Formatter formatter, String... fields) {
        return declare(name, null, formatter, List.of(fields), new boolean[fields.length]);
    }

    /**
     * Declares a trace point whose text has the shape {@code shape}, which {@code kvmemu events}
     * shows: the text with {@code <name>} where a field's value (or the part of it that is named) is
     * written as one word, {@code <name...>} where it is free text that may hold spaces,
     * {@code [...]} around text that appears only sometimes and {@code {a|b}} for one of several
     * words; a backslash makes the next character literal:
     * {@code "{IRQ|Soft/INTn} 0x<vector>[ \[reinjected\]]"}.
     *
     * @throws IllegalArgumentException when the shape's brackets do not balance
     */
    public static TracePoint define(String name, String shape, Formatter formatter, String... fields) {
        return declare(name, checkShape(name, shape), formatter, List.of(fields), new boolean[fields.length]);
    }

    /**
     * Declares a trace point whose fields are C unsigned integers ({@code u32}, {@code u64},
     * {@code unsigned long}) except those named in {@code signed}, as the kernel's
     * {@code TP_STRUCT__entry} types them: machine-readable output prints an unsigned field's
     * value as unsigned ({@code intr_info} 0x80000030 is 2147483696).
     */
    public static TracePoint kernel(String name, Set<String> signed, Formatter formatter, String... fields) {
        return declare(name, null, formatter, List.of(fields), unsigned(signed, fields));
    }

    /**
     * Like {@link #kernel(String, Set, Formatter, String...)}, with the shape of the text, as
     * {@link #define(String, String, Formatter, String...)} describes it.
     *
     * @throws IllegalArgumentException when the shape's brackets do not balance
     */
    public static TracePoint kernel(String name, Set<String> signed, String shape, Formatter formatter,
                                    String... fields) {
        return declare(name, checkShape(name, shape), formatter, List.of(fields), unsigned(signed, fields));
    }

    private static boolean[] unsigned(Set<String> signed, String[] fields) {
        boolean[] unsigned = new boolean[fields.length];
        for (int i = 0; i < fields.length; i++) {
            unsigned[i] = !signed.contains(fields[i]);
        }
        return unsigned;
    }

    /** {@code shape}, once its {@code <>}, {@code []} and {@code {}} are seen to nest and close. */
    private static String checkShape(String name, String shape) {
        StringBuilder open = new StringBuilder();
        for (int i = 0; i < shape.length(); i++) {
            char c = shape.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '<') {
                int end = shape.indexOf('>', i);
                if (end < 0) {
                    throw new IllegalArgumentException(name + ": shape has an unclosed <: " + shape);
                }
                i = end;
            } else if (c == '[' || c == '{') {
                open.append(c);
            } else if (c == ']' || c == '}') {
                char expected = c == ']' ? '[' : '{';
                if (open.length() == 0 || open.charAt(open.length() - 1) != expected) {
                    throw new IllegalArgumentException(name + ": shape closes " + c + " that is not open: " + shape);
                }
                open.setLength(open.length() - 1);
            }
        }
        if (open.length() > 0) {
            throw new IllegalArgumentException(name + ": shape leaves " + open + " open: " + shape);
        }
        return shape;
    }

    private static TracePoint declare(String name, String shape, Formatter formatter, List<String> fields,
                                      boolean[] unsigned) {
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("bad trace point name: " + name);
        }
        TracePoint point = new TracePoint(name, shape, formatter, fields, unsigned);
        DEFINED.putIfAbsent(name, point);
        DECLARED_BY.get(declarer()).add(point);
        return point;
    }

    /** The class whose code is declaring a trace point: the first caller outside this class. */
    private static Class<?> declarer() {
        return CALLERS.walk(frames -> frames.<Class<?>>map(StackWalker.StackFrame::getDeclaringClass)
                .filter(type -> type.getNestHost() != TracePoint.class).findFirst()).orElse(TracePoint.class);
    }

    /**
     * The trace points the code of {@code type} declared (its static initializer, for constants),
     * in the order declared. Unlike {@link #defined}, which keeps the first trace point of each
     * name declared in this JVM, this answers for that class alone: the same class loaded again in
     * another module layer declares trace points of its own.
     */
    public static List<TracePoint> declaredBy(Class<?> type) {
        return List.copyOf(DECLARED_BY.get(type));
    }

    /**
     * Every trace point declared so far in this JVM, sorted by name: those of the api, and those of
     * each plugin whose declaring class has been initialized (as running a VM on it does). The first
     * declared of each name is kept: of a plugin module loaded again in another layer, the first
     * load's ({@link #declaredBy} answers for one class).
     */
    public static List<TracePoint> defined() {
        return DEFINED.values().stream().sorted(Comparator.comparing(TracePoint::name)).toList();
    }

    /**
     * Declares a trace point of kvmemu's own whose text is its fields as {@code key=value},
     * space-separated, in order; integers in decimal unless the formatter is given.
     */
    public static TracePoint keyValue(String name, String... fields) {
        Field[] typed = new Field[fields.length];
        for (int i = 0; i < fields.length; i++) {
            typed[i] = Field.of(fields[i]);
        }
        return keyValue(name, typed);
    }

    /**
     * Declares a trace point of kvmemu's own whose text is its fields as {@code key=value},
     * space-separated, in order, each value written as its {@link Field} says: the value passed to
     * {@link Tracer#emit} is the number itself (machine-readable output writes it as a number), the
     * field renders it for the text format ({@code status=0x0}, {@code result=-EIO}).
     */
    public static TracePoint keyValue(String name, Field... fields) {
        Field[] copy = fields.clone();
        String[] names = new String[copy.length];
        boolean[] unsigned = new boolean[copy.length];
        StringJoiner shape = new StringJoiner(" ");
        for (int i = 0; i < copy.length; i++) {
            names[i] = copy[i].name;
            unsigned[i] = copy[i].unsigned;
            shape.add(copy[i].name + "=" + copy[i].shapePrefix + "<" + copy[i].name + copy[i].shapeSuffix + ">");
        }
        return declare(name, shape.toString(), (out, args) -> {
            for (int i = 0; i < copy.length; i++) {
                if (i > 0) {
                    out.append(' ');
                }
                out.append(copy[i].name).append('=');
                copy[i].text.append(out, args[i]);
            }
        }, List.of(names), unsigned);
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

    /**
     * The key of field {@code index} in machine-readable output (JSON, Perfetto's arguments): its
     * name, or, when the name is also a key of the output's own ({@code time_ns}, {@code cpu},
     * {@code task}, {@code event}, {@code text}) or an earlier field's, the name with its position
     * appended ({@code cpu_1}). A field {@code cpu} that holds the line's own CPU is not written.
     */
    public String key(int index) {
        return keys[index];
    }

    /** The shape of the event's text, as the declaration gave it ({@link #define(String, String, Formatter, String...)}). */
    public Optional<String> shape() {
        return Optional.ofNullable(shape);
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

    /**
     * One field of a {@link #keyValue(String, Field...)} trace point: its name, how the text format
     * writes its value, and whether machine-readable output reads an integer value as unsigned.
     */
    public static final class Field {

        private final String name;
        private final boolean unsigned;
        private final Text text;
        /** What the text writes before the value ({@code 0x} for hex), for the shape. */
        private final String shapePrefix;
        /** {@code ...} for free text, for the shape. */
        private final String shapeSuffix;

        private Field(String name, boolean unsigned, Text text) {
            this(name, unsigned, text, "", "");
        }

        private Field(String name, boolean unsigned, Text text, String shapePrefix, String shapeSuffix) {
            this.name = name;
            this.unsigned = unsigned;
            this.text = text;
            this.shapePrefix = shapePrefix;
            this.shapeSuffix = shapeSuffix;
        }

        /** A field written as its value is ({@code String.valueOf}): a word, or a signed decimal number. */
        public static Field of(String name) {
            return new Field(name, false, (out, v) -> out.append(v));
        }

        /** A field of free text, which may hold spaces (its shape is {@code <name...>}); written as it is. */
        public static Field text(String name) {
            return new Field(name, false, (out, v) -> out.append(v), "", "...");
        }

        /**
         * An unsigned integer ({@code u64} for a {@code long}, {@code u32} for an {@code int})
         * written in hex in the text format, as C's {@code 0x%lx}: {@code 0x0}, {@code 0x4000000200000000}.
         */
        public static Field hex(String name) {
            return new Field(name, true, (out, v) -> out.append("0x").append(v instanceof Integer i
                    ? Integer.toHexString(i) : Long.toHexString(((Number) v).longValue())), "0x", "");
        }

        /**
         * A signed {@code int} that is 0 (or a count) on success and a negated errno on failure,
         * written in the text format as {@link Errno#name} does: {@code 0}, {@code -EIO}.
         */
        public static Field errno(String name) {
            return new Field(name, false, (out, v) -> out.append(Errno.name(((Number) v).intValue())));
        }

        /**
         * An unsigned integer whose text is a symbol, as the kernel's {@code __print_symbolic}:
         * {@code names} gives the text of a value (a name, or its hex when it has none).
         */
        public static Field symbolic(String name, LongFunction<String> names) {
            return new Field(name, true, (out, v) -> out.append(names.apply(((Number) v).longValue())));
        }

        /** The field's name. */
        public String name() {
            return name;
        }

        @Override
        public String toString() {
            return name;
        }

        @FunctionalInterface
        private interface Text {
            void append(StringBuilder out, Object value);
        }
    }
}
