package org.kvmemu.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.kvmemu.api.trace.TracePoint;
import org.kvmemu.api.trace.TraceRecord;
import org.kvmemu.api.trace.output.TraceFilter;
import org.kvmemu.api.trace.output.TraceFormat;
import org.kvmemu.api.trace.output.TraceWriter;

/**
 * {@code --trace-format json} (docs/trace-format.md §4): every line is one JSON object whose keys
 * are unique, for every event of the api and of the installed plugins, and in every bundled
 * example no value that is a number (hex, decimal, a negated errno) is written as a string.
 */
class JsonTraceTest {

    /** A string that is a number in disguise: {@code 0x0}, {@code 12}, {@code -5}, {@code -EIO}. */
    private static final Pattern NUMBER_LIKE = Pattern.compile("-?(0[xX][0-9a-fA-F]+|[0-9]+)|-E[A-Z0-9]+");
    /** Fields that are free text chosen by the scenario (a {@code mark} label may be any word). */
    private static final Set<String> FREE_TEXT = Set.of("guest_mark.label", "model_violation.detail");
    private static final List<String> ENVELOPE = List.of("time_ns", "cpu", "task", "event");

    @Test
    void everyDefinedEventWritesEachKeyOnce() {
        List<TracePoint> all = TraceEvents.all(TraceIndependenceTest.PLUGINS);
        List<String> names = all.stream().map(TracePoint::name).toList();
        assertTrue(names.containsAll(List.of("host_irq", "pi_post", "tdx_seamret", "vmm_quote_request",
                "guest_quote_result", "nmi_collapse")), () -> "the plugins' events are reached: " + names);
        for (TracePoint point : all) {
            int cpu = 3;
            Object[] args = new Object[point.fields().size()];
            for (int i = 0; i < args.length; i++) {
                args[i] = point.fields().get(i).equals("cpu") ? cpu : 0;
            }
            StringWriter out = new StringWriter();
            new TraceWriter(out, TraceFilter.ALL, TraceFormat.JSON).accept(new TraceRecord(5, cpu, "host", point, args));
            Map<String, Object> line = FlatJson.parse(out.toString().strip());
            assertEquals(ENVELOPE, List.copyOf(line.keySet()).subList(0, 4), point.name());
            assertEquals(new BigDecimal(cpu), line.get("cpu"), point.name());
            int fields = 0;
            for (int i = 0; i < args.length; i++) {
                if (!point.fields().get(i).equals("cpu")) {
                    String key = point.key(i);
                    assertTrue(line.containsKey(key), () -> point.name() + " writes " + key + ": " + line);
                    fields++;
                }
            }
            assertEquals(4 + fields, line.size(), () -> point.name() + ": " + line);
        }
    }

    static List<Path> examples() throws IOException {
        try (Stream<Path> files = Stream.of("vmx", "tdx", "guest-tdx").flatMap(JsonTraceTest::list)) {
            return files.filter(p -> p.toString().endsWith(".scenario")).sorted().toList();
        }
    }

    private static Stream<Path> list(String folder) {
        try {
            return Files.list(Path.of("..", "examples", folder));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyExampleWritesUniqueKeysAndNumbersAsNumbers() throws IOException {
        List<Path> examples = examples();
        assertEquals(Set.of("vmx", "tdx", "guest-tdx"),
                examples.stream().map(p -> p.getParent().getFileName().toString()).collect(Collectors.toSet()),
                "the bundled examples of every folder");
        return examples.stream().map(file -> dynamicTest(file.getParent().getFileName() + "/" + file.getFileName(), () -> {
            LauncherRun r = LauncherRun.of("run", file.toString(), "--trace-format", "json");
            assertEquals(0, r.exit(), r.err());
            String[] lines = r.out().split("\n");
            assertFalse(r.out().isEmpty(), "a trace");
            for (String text : lines) {
                Map<String, Object> line = FlatJson.parse(text);
                assertEquals(ENVELOPE, List.copyOf(line.keySet()).subList(0, 4), text);
                line.forEach((key, value) -> {
                    if (value instanceof String s && NUMBER_LIKE.matcher(s).matches()
                            && !FREE_TEXT.contains(line.get("event") + "." + key)) {
                        fail("a number written as a string, " + key + " in " + text);
                    }
                });
            }
        }));
    }

    @Test
    void theCheckerRejectsDuplicateKeysAndNestedValues() {
        assertEquals(Map.of("a", new BigDecimal("-1"), "b", "x\"y", "c", true),
                FlatJson.parse("{\"a\":-1,\"b\":\"x\\\"y\",\"c\":true}"));
        for (String bad : List.of("{\"cpu\":1,\"cpu\":1}", "{\"a\":[1]}", "{\"a\":1,}", "{\"a\":01}", "{\"a\":1} x")) {
            try {
                FlatJson.parse(bad);
                fail("accepted " + bad);
            } catch (IllegalArgumentException expected) {
                // the checker is strict
            }
        }
    }

    /** A strict reader of one flat JSON object (strings, numbers, booleans, null), rejecting repeated keys. */
    static final class FlatJson {
        private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
        private final String s;
        private int i;

        private FlatJson(String s) {
            this.s = s;
        }

        static Map<String, Object> parse(String text) {
            FlatJson p = new FlatJson(text);
            Map<String, Object> m = p.object();
            if (p.i != text.length()) {
                throw p.error("trailing text");
            }
            return m;
        }

        private Map<String, Object> object() {
            Map<String, Object> m = new LinkedHashMap<>();
            expect('{');
            if (peek() == '}') {
                i++;
                return m;
            }
            while (true) {
                String key = string();
                expect(':');
                Object v = value();
                if (m.put(key, v) != null || m.size() != m.keySet().size()) {
                    throw error("duplicate key " + key);
                }
                if (peek() == ',') {
                    i++;
                } else {
                    expect('}');
                    return m;
                }
            }
        }

        private Object value() {
            char c = peek();
            if (c == '"') {
                return string();
            }
            for (String literal : List.of("true", "false", "null")) {
                if (s.startsWith(literal, i)) {
                    i += literal.length();
                    return literal.equals("null") ? null : Boolean.valueOf(literal);
                }
            }
            int end = i;
            while (end < s.length() && "+-.eE0123456789".indexOf(s.charAt(end)) >= 0) {
                end++;
            }
            String n = s.substring(i, end);
            if (!NUMBER.matcher(n).matches()) {
                throw error("value expected");
            }
            i = end;
            return new BigDecimal(n);
        }

        private String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                char c = peek();
                i++;
                if (c == '"') {
                    return sb.toString();
                } else if (c < 0x20) {
                    throw error("control character in a string");
                } else if (c == '\\') {
                    char e = peek();
                    i++;
                    switch (e) {
                        case '"', '\\', '/' -> sb.append(e);
                        case 'n' -> sb.append('\n');
                        case 'r' -> sb.append('\r');
                        case 't' -> sb.append('\t');
                        case 'b' -> sb.append('\b');
                        case 'f' -> sb.append('\f');
                        case 'u' -> {
                            if (i + 4 > s.length()) {
                                throw error("bad \\u escape");
                            }
                            sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            i += 4;
                        }
                        default -> throw error("bad escape");
                    }
                } else {
                    sb.append(c);
                }
            }
        }

        private char peek() {
            if (i >= s.length()) {
                throw error("unexpected end");
            }
            return s.charAt(i);
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("'" + c + "' expected");
            }
            i++;
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException(what + " at " + i + " in " + s);
        }
    }
}
