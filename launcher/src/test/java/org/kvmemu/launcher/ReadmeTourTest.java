package org.kvmemu.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's five-minute tour is what kvmemu prints: its scenario, run with its command, gives
 * exactly the output the README shows (step 2), and with {@code apicv=on} exits 1 with the failed
 * expectation the README quotes (step 3).
 */
class ReadmeTourTest {

    private static final Path README = Path.of("..", "README.md");
    private static final String INDENT = "   ";
    private static final String COMMAND = "$ ./kvmemu run irq.scenario --trace 'kvm_*,guest_*'";

    @TempDir
    Path work;

    /** The README's lines, without the indentation of the tour's list items. */
    private static List<String> readme() throws IOException {
        return Files.readAllLines(README, StandardCharsets.UTF_8).stream()
                .map(line -> line.startsWith(INDENT) ? line.substring(INDENT.length()) : line).toList();
    }

    /** The lines of the fenced block that starts after line {@code opening}, up to its closing fence. */
    private static List<String> blockAfter(List<String> lines, int opening) {
        List<String> block = new ArrayList<>();
        for (int i = opening + 1; !lines.get(i).equals("```"); i++) {
            block.add(lines.get(i));
        }
        return block;
    }

    private Path tourScenario(boolean apicv) throws IOException {
        List<String> lines = readme();
        String text = String.join("\n", blockAfter(lines, lines.indexOf("```scenario"))) + "\n";
        return Files.writeString(work.resolve("irq.scenario"), apicv ? text.replace("apicv=off", "apicv=on") : text);
    }

    private static String[] run(Path file, StringWriter out) {
        StringWriter err = new StringWriter();
        int exit = new Launcher(Optional.empty()).execute(new PrintWriter(out), new PrintWriter(err),
                "run", file.toString(), "--trace", "kvm_*,guest_*");
        return new String[] {Integer.toString(exit), err.toString()};
    }

    @Test
    void stepTwoOutputIsWhatTheReadmeShows() throws IOException {
        List<String> lines = readme();
        List<String> shown = blockAfter(lines, lines.indexOf(COMMAND) - 1);
        assertEquals(COMMAND, shown.get(0));
        StringWriter out = new StringWriter();

        String[] result = run(tourScenario(false), out);

        assertEquals("0", result[0], result[1]);
        assertEquals(String.join("\n", shown.subList(1, shown.size())), out.toString().stripTrailing());
    }

    @Test
    void stepThreeExitsOneWithTheFailedExpectationTheReadmeQuotes() throws IOException {
        List<String> lines = readme();
        int opening = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).endsWith("exits with status 1:")) {
                opening = i + 2;
            }
        }
        assertTrue(opening > 0, "README step 3 quotes the failed expectation");
        StringWriter out = new StringWriter();
        Path file = tourScenario(true);

        String[] result = run(file, out);

        assertEquals("1", result[0], result[1]);
        List<String> printed = out.toString().lines().toList();
        assertEquals(blockAfter(lines, opening), List.of(printed.get(printed.size() - 1).replace(file.toString(),
                "irq.scenario")));
    }
}
