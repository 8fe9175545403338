package org.kvmemu.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@code scenario} example of docs/scenario-language.md passes {@code kvmemu check} on the
 * built-in backends: a reader who copies one sees every expectation in it hold. (That they parse,
 * and that the reference covers every form, is the api's LanguageReferenceTest.)
 */
class LanguageReferenceExamplesTest {

    private static final Path REFERENCE = Path.of("..", "docs", "scenario-language.md");

    @TempDir
    Path work;

    /** Each example with the line of the reference it starts on. */
    record Example(int line, String text) {
        @Override
        public String toString() {
            return "docs/scenario-language.md:" + line;
        }
    }

    static Stream<Example> examples() throws IOException {
        List<String> lines = Files.readAllLines(REFERENCE, StandardCharsets.UTF_8);
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).equals("```scenario")) {
                StringBuilder text = new StringBuilder();
                int start = i + 2;
                while (!lines.get(++i).equals("```")) {
                    text.append(lines.get(i)).append('\n');
                }
                examples.add(new Example(start, text.toString()));
            }
        }
        assertTrue(examples.size() >= 10, "examples found: " + examples.size());
        return examples.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void theExamplePassesItsExpectations(Example example) throws IOException {
        Path file = Files.writeString(work.resolve("example.scenario"), example.text(), StandardCharsets.UTF_8);

        LauncherRun result = LauncherRun.of("check", "-v", file.toString());

        assertEquals(ExitCode.OK, result.exit(), example + "\n" + example.text() + result.out() + result.err());
        assertEquals("1 passed, 0 failed, 0 skipped", result.out().lines().reduce((a, b) -> b).orElse(""),
                example + ": " + result.out());
    }
}
