package org.kvmemu.launcher;

import java.io.PrintWriter;
import java.util.List;
import org.kvmemu.api.trace.output.Json;

/**
 * Prints a {@link Comparison}: as aligned text, a column per backend, {@code *} before a row whose
 * values differ and {@code N differences} alone on the last line; or as one JSON object.
 */
final class ComparisonPrinter {

    private static final String GAP = "  ";

    private ComparisonPrinter() {
    }

    /** The text form. */
    static void text(PrintWriter out, String file, Comparison c) {
        int label = "vm-state".length();
        int[] widths = new int[c.columns().size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = c.columns().get(i).length();
        }
        for (Comparison.Row row : c.rows()) {
            label = Math.max(label, row.label().length());
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row.values().get(i).length());
            }
        }
        out.println("compare " + file);
        out.println(line("  ", "", label, c.columns(), widths));
        String scope = null;
        for (Comparison.Row row : c.rows()) {
            if (!row.scope().equals(scope)) {
                scope = row.scope();
                out.println(scope);
            }
            out.println(line(row.differs() ? "* " : "  ", row.label(), label, row.values(), widths));
        }
        out.println(c.differences() + " differences");
    }

    private static String line(String mark, String label, int labelWidth, List<String> values, int[] widths) {
        StringBuilder sb = new StringBuilder(mark).append(pad(label, labelWidth));
        for (int i = 0; i < values.size(); i++) {
            sb.append(GAP).append(i == values.size() - 1 ? values.get(i) : pad(values.get(i), widths[i]));
        }
        return sb.toString().stripTrailing();
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }

    /**
     * The JSON form, one object: {@code file}, {@code backends}, {@code rows} (each with
     * {@code scope}, {@code row}, {@code values}, {@code differs}) and {@code differences}.
     */
    static void json(PrintWriter out, String file, Comparison c) {
        StringBuilder sb = new StringBuilder("{\"file\":");
        Json.string(sb, file);
        sb.append(",\"backends\":");
        strings(sb, c.columns());
        sb.append(",\"rows\":[");
        for (int i = 0; i < c.rows().size(); i++) {
            Comparison.Row row = c.rows().get(i);
            sb.append(i == 0 ? "" : ",").append("{\"scope\":");
            Json.string(sb, row.scope());
            sb.append(",\"row\":");
            Json.string(sb, row.label());
            sb.append(",\"values\":");
            strings(sb, row.values());
            sb.append(",\"differs\":").append(row.differs()).append('}');
        }
        sb.append("],\"differences\":").append(c.differences()).append('}');
        out.println(sb);
    }

    private static void strings(StringBuilder sb, List<String> values) {
        sb.append('[');
        for (int i = 0; i < values.size(); i++) {
            sb.append(i == 0 ? "" : ",");
            Json.string(sb, values.get(i));
        }
        sb.append(']');
    }
}
