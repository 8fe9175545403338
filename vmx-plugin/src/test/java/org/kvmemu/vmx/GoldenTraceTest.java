package org.kvmemu.vmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kvmemu.api.scenario.InstalledPlugins;
import org.kvmemu.api.scenario.RunOptions;
import org.kvmemu.api.scenario.ScenarioParser;
import org.kvmemu.api.scenario.ScenarioRunner;
import org.kvmemu.api.trace.output.TraceFilter;
import org.kvmemu.api.trace.output.TraceFormat;

/**
 * Full traces of every VMX example compared line by line with golden files: the first line names the format version; a line starting with {@code re:} is a
 * regular expression. A change of the model that changes a trace must change its golden file in
 * the same commit, saying why.
 */
class GoldenTraceTest {

    private static final String HEADER = "# kvmemu trace format 1";

    /** Every example has a golden file, and every golden file an example. */
    @Test
    void everyExampleHasAGoldenTrace() throws IOException {
        try (Stream<Path> examples = Files.list(Path.of("../examples/vmx"));
             Stream<Path> golden = Files.list(Path.of("src/test/resources/golden"))) {
            assertEquals(names(examples, ".scenario"), names(golden, ".trace"));
        }
    }

    static Stream<String> examples() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("../examples/vmx"))) {
            return names(files, ".scenario").stream();
        }
    }

    private static List<String> names(Stream<Path> files, String suffix) {
        return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix))
                .map(n -> n.substring(0, n.length() - suffix.length())).sorted().toList();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void traceMatchesTheGoldenFile(String name) throws Exception {
        InstalledPlugins plugins = new InstalledPlugins(Map.of("vmx", new VmxBackendProvider()), Map.of());
        StringWriter trace = new StringWriter();
        new ScenarioRunner(plugins).run(new ScenarioParser(plugins).parse(Path.of("../examples/vmx/" + name + ".scenario")),
                new RunOptions(OptionalLong.empty(), TraceFilter.ALL, TraceFormat.TEXT, trace));
        List<String> golden = golden(name);
        assertEquals(HEADER, golden.get(0), "golden files name the trace format version first");
        assertLinesMatch(golden.subList(1, golden.size()), trace.toString().lines().toList());
    }

    private static List<String> golden(String name) throws IOException {
        try (var in = GoldenTraceTest.class.getResourceAsStream("/golden/" + name + ".trace")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    private static void assertLinesMatch(List<String> expected, List<String> actual) {
        assertEquals(expected.size(), actual.size(), "line count; actual trace:\n" + String.join("\n", actual));
        for (int i = 0; i < expected.size(); i++) {
            String want = expected.get(i);
            String got = actual.get(i);
            if (want.startsWith("re:")) {
                assertTrue(Pattern.matches(want.substring(3), got), "line " + (i + 2) + ": " + got + " !~ " + want);
            } else {
                assertEquals(want, got, "line " + (i + 2));
            }
        }
    }
}
