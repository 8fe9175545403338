package org.kvmemu.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.kvmemu.api.scenario.InstalledPlugins;
import org.kvmemu.api.scenario.RunOptions;
import org.kvmemu.api.scenario.RunResult;
import org.kvmemu.api.scenario.Scenario;
import org.kvmemu.api.scenario.ScenarioException;
import org.kvmemu.api.scenario.ScenarioParser;
import org.kvmemu.api.scenario.ScenarioRunner;
import org.kvmemu.api.trace.output.TraceFilter;
import org.kvmemu.api.trace.output.TraceFormat;

/**
 * Whether a trace is written, and in which format or filter, never changes what the model does
 * (DESIGN "Tracing"): every example gives the same result with the full text trace, with none (as
 * {@code check} runs), with every event filtered out, and as Perfetto.
 */
class TraceIndependenceTest {

    static final InstalledPlugins PLUGINS = PluginRegistry.discover(ModuleLayer.boot(), Optional.empty()).installed();

    static List<Path> examples() throws IOException {
        try (Stream<Path> vmx = Files.list(Path.of("..", "examples", "vmx"));
             Stream<Path> tdx = Files.list(Path.of("..", "examples", "tdx"))) {
            return Stream.concat(vmx, tdx).filter(p -> p.toString().endsWith(".scenario")).sorted().toList();
        }
    }

    /** The results of {@code scenario} under each way of tracing, the untraced one first. */
    static List<RunResult> underEveryTrace(Scenario scenario) throws ScenarioException {
        ScenarioRunner runner = new ScenarioRunner(PLUGINS);
        return List.of(
                runner.run(scenario, RunOptions.quiet()),
                runner.run(scenario, new RunOptions(OptionalLong.empty(), TraceFilter.ALL, TraceFormat.TEXT,
                        new StringWriter())),
                runner.run(scenario, new RunOptions(OptionalLong.empty(), TraceFilter.parse("-*"), TraceFormat.TEXT,
                        new StringWriter())),
                runner.run(scenario, new RunOptions(OptionalLong.empty(), TraceFilter.ALL, TraceFormat.PERFETTO,
                        new StringWriter())));
    }

    @TestFactory
    Stream<DynamicTest> everyExampleGivesTheSameResultWithAndWithoutATrace() throws IOException {
        return examples().stream().map(file -> dynamicTest(file.getFileName().toString(), () -> {
            List<RunResult> results = underEveryTrace(new ScenarioParser(PLUGINS).parse(file));
            for (RunResult traced : results.subList(1, results.size())) {
                assertEquals(results.get(0), traced);
            }
        }));
    }
}
