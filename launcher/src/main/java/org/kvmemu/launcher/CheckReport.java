package org.kvmemu.launcher;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The results of {@code kvmemu check} in the forms CI systems read: the closing count line, TAP
 * (version 13) lines and a JUnit XML report, one test case per file.
 */
final class CheckReport {

    /** One file's verdict, under the name it was given on the command line. */
    record Entry(String file, Verdict verdict) {
    }

    private final List<Entry> entries = new ArrayList<>();

    /** Adds {@code file}'s verdict. */
    void add(String file, Verdict verdict) {
        entries.add(new Entry(file, verdict));
    }

    private long count(String label) {
        return entries.stream().filter(e -> e.verdict().label().equals(label)).count();
    }

    /** {@code N passed, N failed, N skipped}. */
    String closingLine() {
        return count("PASS") + " passed, " + count("FAIL") + " failed, " + count("SKIP") + " skipped";
    }

    /** The TAP plan, printed before the first result: {@code TAP version 13} and {@code 1..N}. */
    static void tapPlan(PrintWriter out, int files) {
        out.println("TAP version 13");
        out.println("1.." + files);
    }

    /** The TAP line of the {@code number}th file, with a YAML block of its failures. */
    static void tap(PrintWriter out, int number, String file, Verdict verdict) {
        if (verdict.skipped()) {
            out.println("ok " + number + " - " + file + " # SKIP " + verdict.detail());
            return;
        }
        out.println((verdict.passed() ? "ok " : "not ok ") + number + " - " + file);
        if (!verdict.passed()) {
            out.println("  ---");
            out.println("  exit: " + verdict.exitCode());
            out.println("  failures:");
            verdict.failures().forEach(f -> out.println("    - " + yamlString(f)));
            out.println("  ...");
        }
    }

    /** The JUnit XML report: one suite, {@code kvmemu check}, one test case per file. */
    String junit() {
        long failures = entries.stream().filter(e -> e.verdict().exitCode() == ExitCode.EXPECTATION_FAILED).count();
        long errors = entries.stream().filter(e -> e.verdict().exitCode() > ExitCode.EXPECTATION_FAILED).count();
        String counts = " tests=\"" + entries.size() + "\" failures=\"" + failures + "\" errors=\"" + errors
                + "\" skipped=\"" + count("SKIP") + "\"";
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        xml.append("<testsuites").append(counts).append(">\n");
        xml.append("  <testsuite name=\"kvmemu check\"").append(counts).append(">\n");
        for (Entry entry : entries) {
            Verdict v = entry.verdict();
            xml.append("    <testcase classname=\"kvmemu.check\" name=\"").append(escape(entry.file())).append('"');
            if (v.passed()) {
                xml.append("/>\n");
                continue;
            }
            xml.append(">\n      ");
            if (v.skipped()) {
                xml.append("<skipped message=\"").append(escape(v.detail())).append("\"/>");
            } else {
                String element = v.exitCode() == ExitCode.EXPECTATION_FAILED ? "failure" : "error";
                String type = switch (v.exitCode()) {
                    case ExitCode.EXPECTATION_FAILED -> "expectation";
                    case ExitCode.USAGE_ERROR -> "input";
                    default -> "plugin";
                };
                xml.append('<').append(element).append(" message=\"").append(escape(v.detail()))
                        .append("\" type=\"").append(type).append("\">")
                        .append(escape(String.join("\n", v.failures()))).append("</").append(element).append('>');
            }
            xml.append("\n    </testcase>\n");
        }
        return xml.append("  </testsuite>\n</testsuites>\n").toString();
    }

    private static String yamlString(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> sb.append(c < 0x20 && c != '\n' && c != '\t' ? ' ' : c);
            }
        }
        return sb.toString();
    }
}
