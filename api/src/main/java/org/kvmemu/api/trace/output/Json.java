package org.kvmemu.api.trace.output;

import org.kvmemu.api.annotation.API;
import org.kvmemu.api.trace.TracePoint;
import org.kvmemu.api.trace.TraceRecord;

/** The little JSON writing the trace and the launcher's reports need: strings, numbers, booleans. */
@API(status = API.Status.INTERNAL, since = "2")
public final class Json {

    private Json() {
    }

    /**
     * {@code r} as one JSON object: {@code time_ns}, {@code cpu}, {@code task}, {@code event}, then
     * the fields under their keys ({@link TracePoint#key}), each key once; a field {@code cpu} that
     * repeats the envelope's is not written again.
     */
    static String record(TraceRecord r) {
        StringBuilder sb = new StringBuilder(128);
        sb.append("{\"time_ns\":").append(r.timeNs()).append(",\"cpu\":").append(r.cpu()).append(",\"task\":");
        string(sb, r.task());
        sb.append(",\"event\":");
        string(sb, r.point().name());
        Object[] args = r.args();
        for (int i = 0; i < args.length; i++) {
            if (written(r, i)) {
                sb.append(',');
                string(sb, r.point().key(i));
                sb.append(':');
                field(sb, r.point(), i, args[i]);
            }
        }
        return sb.append('}').toString();
    }

    /** Whether field {@code index} of {@code r} is written: all but a {@code cpu} that is the line's own CPU. */
    static boolean written(TraceRecord r, int index) {
        return !(r.point().fields().get(index).equals("cpu") && r.args()[index] instanceof Integer c && c == r.cpu());
    }

    /** Field {@code index} of {@code point}: unsigned when the kernel's field is a C unsigned integer. */
    static void field(StringBuilder sb, TracePoint point, int index, Object v) {
        if (point.isUnsigned(index)) {
            unsigned(sb, v);
        } else {
            value(sb, v);
        }
    }

    /** A C unsigned integer field: a negative Java int or long is the same bits read unsigned. */
    private static void unsigned(StringBuilder sb, Object v) {
        if (v instanceof Integer i) {
            sb.append(Integer.toUnsignedString(i));
        } else if (v instanceof Long l) {
            sb.append(Long.toUnsignedString(l));
        } else {
            value(sb, v);
        }
    }

    static void value(StringBuilder sb, Object v) {
        if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else {
            string(sb, String.valueOf(v));
        }
    }

    /** Appends {@code s} to {@code sb} as a JSON string. */
    public static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
