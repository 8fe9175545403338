package org.kvmemu.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * docs/tdx.md shows what the program prints: every {@code $ ./kvmemu compare FILE} block is the
 * output of that command, and every TDX example is named in the document.
 */
class TdxDocTest {

    private static final Path ROOT = Path.of("..");
    private static final String COMMAND = "$ ./kvmemu compare ";

    private static List<String> doc() throws IOException {
        return Files.readAllLines(ROOT.resolve("docs/tdx.md"), StandardCharsets.UTF_8);
    }

    /** Each fenced block that starts with a compare command: the command's file and the lines shown. */
    private static List<List<String>> compareBlocks() throws IOException {
        List<List<String>> blocks = new ArrayList<>();
        List<String> lines = doc();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(COMMAND) && i > 0 && lines.get(i - 1).equals("```")) {
                List<String> block = new ArrayList<>();
                for (int j = i; !lines.get(j).equals("```"); j++) {
                    block.add(lines.get(j));
                }
                blocks.add(block);
            }
        }
        return blocks;
    }

    @TestFactory
    Stream<DynamicTest> everyCompareBlockIsWhatCompareThenPrints() throws IOException {
        List<List<String>> blocks = compareBlocks();
        assertFalse(blocks.isEmpty());
        return blocks.stream().map(block -> dynamicTest(block.get(0), () -> {
            String file = block.get(0).substring(COMMAND.length());
            LauncherRun run = LauncherRun.of("compare", ROOT.resolve(file).toString());
            assertEquals(ExitCode.OK, run.exit(), run.err());
            List<String> printed = new ArrayList<>(run.outLines());
            printed.set(0, printed.get(0).replace(ROOT.resolve(file).toString(), file));
            assertEquals(String.join("\n", block.subList(1, block.size())), String.join("\n", printed));
        }));
    }

    @Test
    void everyTdxExampleIsNamed() throws IOException {
        String doc = String.join("\n", doc());
        try (Stream<Path> files = Files.list(ROOT.resolve("examples/tdx"))) {
            List<String> missing = files.map(p -> p.getFileName().toString().replace(".scenario", ""))
                    .filter(name -> !doc.contains("`" + name + "`") && !doc.contains("examples/tdx/" + name + ".scenario"))
                    .sorted().toList();
            assertTrue(missing.isEmpty(), "not in docs/tdx.md: " + missing);
        }
    }
}
