package org.kvmemu.tdx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kvmemu.api.trace.output.TraceFormat;

/**
 * Full traces of every TDX example against golden files (first line: the trace format version). A
 * change of the model that changes a trace changes its golden file in the same commit, saying why.
 */
class TdxGoldenTraceTest {

    private static final Path EXAMPLES = Path.of("..", "examples", "tdx");
    private static final String HEADER = "# kvmemu trace format 1";

    static Stream<String> examples() throws IOException {
        return TdxScenarioTest.examples(EXAMPLES).stream().map(TdxGoldenTraceTest::name);
    }

    private static String name(Path file) {
        String n = file.getFileName().toString();
        return n.substring(0, n.length() - ".scenario".length());
    }

    @Test
    void everyExampleHasAGoldenTrace() throws IOException {
        try (Stream<Path> golden = Files.list(Path.of("src/test/resources/golden"))) {
            assertEquals(examples().toList(), golden.map(p -> p.getFileName().toString())
                    .map(n -> n.substring(0, n.length() - ".trace".length())).sorted().toList());
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void traceMatchesTheGoldenFile(String name) throws Exception {
        List<String> golden;
        try (InputStream in = TdxGoldenTraceTest.class.getResourceAsStream("/golden/" + name + ".trace")) {
            golden = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        assertEquals(HEADER, golden.get(0), "golden files name the trace format version first");
        assertEquals(String.join("\n", golden.subList(1, golden.size())),
                TdxScenarioTest.trace(EXAMPLES.resolve(name + ".scenario"), null, TraceFormat.TEXT).stripTrailing());
    }
}
