package org.kvmemu.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every examples/guest-tdx scenario (the TD guest's event-notify driver and GetQuote, docs/event-notify.md
 * §N.2 to §N.6) through the installed plugins as {@code kvmemu check} and {@code kvmemu run} see them:
 * each meets its expectations, and the same file gives a byte-identical trace twice, in text and
 * in perfetto format.
 */
class EventNotifyExamplesTest {

    private static final Path EXAMPLES = Path.of("..", "examples", "guest-tdx");

    private static List<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            return files.filter(p -> p.toString().endsWith(".scenario")).sorted().toList();
        }
    }

    private static String[] execute(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new Launcher(Optional.empty()).execute(new PrintWriter(out), new PrintWriter(err), args);
        return new String[] {Integer.toString(exit), out.toString(), err.toString()};
    }

    @TestFactory
    Stream<DynamicTest> everyExampleMeetsItsExpectations() throws IOException {
        List<Path> files = examples();
        assertTrue(files.size() >= 12, "at least 12 examples");
        return files.stream().map(file -> dynamicTest(file.getFileName().toString(), () -> {
            String[] r = execute("check", file.toString());
            assertEquals("0", r[0], r[1] + r[2]);
            assertTrue(r[1].contains("1 passed, 0 failed"), r[1]);
        }));
    }

    @TestFactory
    Stream<DynamicTest> sameFileGivesAByteIdenticalTraceTwice() throws IOException {
        return examples().stream().flatMap(file -> Stream.of("text", "perfetto").map(format ->
                dynamicTest(file.getFileName() + " " + format, () -> {
                    String[] first = execute("run", "--trace-format", format, file.toString());
                    String[] second = execute("run", "--trace-format", format, file.toString());
                    assertEquals("0", first[0], first[2]);
                    assertTrue(first[1].length() > 100);
                    assertEquals(first[1], second[1]);
                })));
    }
}
