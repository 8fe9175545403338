package org.kvmemu.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.kvmemu.api.trace.TracePoint;

/**
 * The shapes {@code kvmemu events} prints ({@link TracePoint#shape}) are what the trace prints:
 * every event of the api and the bundled plugins has one, and every line of every bundled
 * example's text trace matches the shape of its event.
 */
class EventShapesTest {

    /** {@code <task> [<cpu>] <seconds>: <event>: <text>} (docs/trace-format.md §1). */
    private static final Pattern LINE = Pattern.compile("\\S+ \\[\\d{3,}\\] -?\\d+\\.\\d{9}: ([a-z0-9_]+): (.*)");

    /**
     * The shape as a regular expression: {@code <x>} one word, {@code <x...>} any text,
     * {@code [..]} optional, {@code {a|b}} one of.
     */
    static Pattern regex(String shape) {
        StringBuilder re = new StringBuilder();
        Deque<Character> open = new ArrayDeque<>();
        for (int i = 0; i < shape.length(); i++) {
            char c = shape.charAt(i);
            switch (c) {
                case '\\' -> re.append(Pattern.quote(String.valueOf(shape.charAt(++i))));
                case '<' -> {
                    int end = shape.indexOf('>', i);
                    re.append(shape.startsWith("...", end - 3) ? ".+?" : "\\S+?");
                    i = end;
                }
                case '[', '{' -> {
                    open.push(c);
                    re.append("(?:");
                }
                case ']' -> {
                    open.pop();
                    re.append(")?");
                }
                case '}' -> {
                    open.pop();
                    re.append(')');
                }
                case '|' -> re.append(!open.isEmpty() && open.peek() == '{' ? "|" : "\\|");
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        assertTrue(open.isEmpty(), "unbalanced shape: " + shape);
        return Pattern.compile(re.toString());
    }

    @Test
    void theShapeNotationIsReadAsDocumented() {
        Pattern virq = regex("{IRQ|Soft/INTn} 0x<vector>[ \\[reinjected\\]]");
        for (String text : List.of("IRQ 0x30", "Soft/INTn 0x80", "IRQ 0x30 [reinjected]")) {
            assertTrue(virq.matcher(text).matches(), text);
        }
        for (String text : List.of("irq 0x30", "IRQ 0x30 [reinjected", "IRQ 30")) {
            assertTrue(!virq.matcher(text).matches(), text);
        }
        assertTrue(regex("(<dm>|{edge|level})").matcher("(Fixed|edge)").matches());
        assertTrue(regex("detail=<detail...>").matcher("detail=NMI 1 on cpu 0").matches());
        assertTrue(!regex("detail=<detail>").matcher("detail=NMI 1 on cpu 0").matches());
    }

    @Test
    void everyEventOfTheApiAndTheBundledPluginsHasAShape() {
        List<String> without = TraceEvents.all(TraceIndependenceTest.PLUGINS).stream()
                .filter(p -> p.shape().isEmpty()).map(TracePoint::name).toList();
        assertEquals(List.of(), without);
    }

    @TestFactory
    Stream<DynamicTest> everyLineOfEveryExampleMatchesItsEventsShape() throws IOException {
        Map<String, Pattern> shapes = new HashMap<>();
        TraceEvents.all(TraceIndependenceTest.PLUGINS)
                .forEach(p -> p.shape().ifPresent(s -> shapes.put(p.name(), regex(s))));
        List<Path> examples = JsonTraceTest.examples();
        return examples.stream().map(file -> dynamicTest(file.getParent().getFileName() + "/" + file.getFileName(), () -> {
            LauncherRun r = LauncherRun.of("run", file.toString());
            assertEquals(0, r.exit(), r.err());
            String trace = r.out().substring(0, r.out().indexOf("\n\n"));
            for (String line : trace.split("\n")) {
                Matcher m = LINE.matcher(line);
                assertTrue(m.matches(), "a trace line: " + line);
                Pattern shape = shapes.get(m.group(1));
                assertTrue(shape != null && shape.matcher(m.group(2)).matches(),
                        () -> "the shape of " + m.group(1) + " (" + shape + ") does not match: " + line);
            }
        }));
    }
}
