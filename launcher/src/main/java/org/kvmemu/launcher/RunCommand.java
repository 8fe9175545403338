package org.kvmemu.launcher;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.kvmemu.api.scenario.InstalledPlugins;
import org.kvmemu.api.scenario.MachineOverride;
import org.kvmemu.api.scenario.RunOptions;
import org.kvmemu.api.scenario.RunResult;
import org.kvmemu.api.scenario.Scenario;
import org.kvmemu.api.scenario.ScenarioException;
import org.kvmemu.api.scenario.ScenarioParser;
import org.kvmemu.api.scenario.ScenarioRunner;
import org.kvmemu.api.spi.BackendProvider;
import org.kvmemu.api.trace.TraceSink;
import org.kvmemu.api.trace.output.TraceFilter;
import org.kvmemu.api.trace.output.TraceFormat;

/**
 * {@code kvmemu run FILE}: runs one scenario and prints its trace (to standard output or
 * {@code --output FILE}), then a blank line, the summary, with {@code --stats} the exit statistics
 * ({@link ExitStats}), the event counts and the wall-clock event rate, and the failed expectations. A JSON or Perfetto trace on standard
 * output stays pure: the summary then goes to standard error. Exit 0 when every expectation holds,
 * 1 otherwise.
 */
final class RunCommand implements Command {

    @Override
    public String name() {
        return "run";
    }

    @Override
    public String arguments() {
        return "[OPTIONS] FILE";
    }

    @Override
    public String summary() {
        return "Run one scenario and print its trace and summary";
    }

    @Override
    public String description() {
        return "Runs the scenario in FILE (or the bundled example of that name, e.g. vmx/self-ipi: see\n"
                + "kvmemu examples) and prints its trace, a blank line, a summary and every\n"
                + "expectation that did not hold (FILE:LINE: expected ..., observed ...).\n"
                + "Exit code 0 when every expectation holds, 1 when one does not.";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder().longOpt("backend").hasArg().argName("NAME")
                        .desc("run on backend NAME instead of the scenario's (see kvmemu list)").get())
                .addOption(Option.builder().longOpt("seed").hasArg().argName("N")
                        .desc("reserved: replaces the scenario's seed=, which nothing in the model draws from yet").get())
                .addOption(Option.builder().longOpt("trace").hasArg().argName("GLOBS")
                        .desc("trace only matching events, e.g. 'kvm_*,pi_*' or '*,-guest_*' (default: *)").get())
                .addOption(Option.builder().longOpt("trace-format").hasArg().argName(formats("|"))
                        .desc("trace format (default: text)").get())
                .addOption(Option.builder().longOpt("output").hasArg().argName("FILE")
                        .desc("write the trace to FILE instead of standard output").get())
                .addOption(Option.builder().longOpt("stats")
                        .desc("after the summary, per vCPU the VM exits by reason with counts and virtual time"
                                + " (as perf kvm stat), the injections (interrupts by vector, NMIs, exceptions),"
                                + " and the event counts").get());
    }

    @Override
    public int run(Context context, CommandLine line) {
        List<String> files = line.getArgList();
        if (files.size() != 1) {
            throw new InputException("run takes exactly one FILE, got " + files.size() + " (see kvmemu help run)");
        }
        OptionalLong seed = seed(line.getOptionValue("seed"));
        TraceFilter filter = filter(line.getOptionValue("trace", "*"));
        TraceFormat format = format(line.getOptionValue("trace-format", "text"));
        Optional<Path> output = Optional.ofNullable(line.getOptionValue("output")).map(o -> path(o, "output file"));
        if (output.isPresent() && sameFile(output.get(), path(files.get(0), "scenario file"))) {
            throw new InputException("--output " + output.get() + " is the scenario file; write the trace elsewhere");
        }
        PluginRegistry plugins = context.plugins();
        Optional<BackendProvider> backend = Optional.ofNullable(line.getOptionValue("backend")).map(plugins::backend);
        InstalledPlugins installed = plugins.installed();
        Optional<ExitStats> stats = line.hasOption("stats") ? Optional.of(new ExitStats()) : Optional.empty();
        List<TraceSink> watchers = new ArrayList<>();
        stats.ifPresent(watchers::add);
        Optional<Progress> progress = Boolean.getBoolean(Progress.PROPERTY)
                ? Optional.of(new Progress(context.err(), System::nanoTime)) : Optional.empty();
        if (format == TraceFormat.PERFETTO) {
            watchers.add(new PerfettoSizeWarning(filter, context.err(), PerfettoSizeWarning.LARGE,
                    () -> progress.ifPresent(Progress::clear)));
        }
        progress.ifPresent(watchers::add);
        RunOptions options = new RunOptions(seed, filter, format, context.out(), watchers);
        try {
            Scenario toRun = Scenarios.read(new ScenarioParser(installed), files.get(0),
                    backend.map(b -> MachineOverride.backendOnly(b.name())).orElse(null));
            if (line.hasOption("trace")) {
                TraceEvents.warnUnmatched(context.err(), filter, installed);
            }
            PrintWriter summary = output.isEmpty() && format != TraceFormat.TEXT ? context.err() : context.out();
            return report(summary, stats, new ScenarioRunner(installed), toRun, options, output);
        } catch (ScenarioException e) {
            context.err().println(e.getMessage());
            return ExitCode.USAGE_ERROR;
        }
    }

    private static int report(PrintWriter out, Optional<ExitStats> stats, ScenarioRunner runner, Scenario scenario,
                              RunOptions options, Optional<Path> output) throws ScenarioException {
        long start = System.nanoTime();
        RunResult result;
        if (output.isPresent()) {
            result = runTo(output.get(), runner, scenario, options);
        } else {
            result = runner.run(scenario, options);
            if (options.format() == TraceFormat.TEXT) {
                out.println();
            }
        }
        long wallNs = Math.max(1, System.nanoTime() - start);
        result.summary().forEach(out::println);
        if (stats.isPresent()) {
            stats.get().print(out, result.vcpus());
            out.println("stats: " + result.events() + " events, " + result.deliveries() + " deliveries, "
                    + (long) (result.events() * 1e9 / wallNs) + " events/s (wall)");
        }
        result.failures().forEach(out::println);
        return result.passed() ? ExitCode.OK : ExitCode.EXPECTATION_FAILED;
    }

    private static RunResult runTo(Path output, ScenarioRunner runner, Scenario scenario, RunOptions options)
            throws ScenarioException {
        Writer trace;
        try {
            trace = Files.newBufferedWriter(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InputException("cannot write " + output + ": " + Messages.reason(e), e);
        }
        try (trace) {
            return runner.run(scenario, new RunOptions(options.seed(), options.filter(), options.format(), trace,
                    options.watchers()));
        } catch (IOException e) {
            throw new OutputException("cannot write " + output + ": " + Messages.reason(e), e);
        } catch (UncheckedIOException e) {
            throw new OutputException("cannot write " + output + ": " + Messages.reason(e.getCause()), e);
        }
    }

    /** Whether {@code output} names the file {@code input} (also through another spelling or a link). */
    private static boolean sameFile(Path output, Path input) {
        try {
            return Files.exists(output) ? Files.isSameFile(output, input)
                    : output.toAbsolutePath().normalize().equals(input.toAbsolutePath().normalize());
        } catch (IOException e) {
            return false;
        }
    }

    private static Path path(String text, String what) {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new InputException("bad " + what + " '" + text + "': " + e.getReason(), e);
        }
    }

    /** {@code --seed}: an unsigned 64-bit number, decimal or hex with {@code 0x} as in scenarios. */
    static OptionalLong seed(String text) {
        if (text == null) {
            return OptionalLong.empty();
        }
        String lower = text.toLowerCase(Locale.ROOT);
        boolean hex = lower.startsWith("0x");
        String digits = hex ? lower.substring(2) : lower;
        try {
            if (!digits.matches(hex ? "[0-9a-f]+" : "[0-9]+")) {
                throw new NumberFormatException(text);
            }
            return OptionalLong.of(Long.parseUnsignedLong(digits, hex ? 16 : 10));
        } catch (NumberFormatException e) {
            throw new InputException("bad --seed '" + text + "': use a decimal or 0x-hex number from 0 to "
                    + "18446744073709551615 (0xffffffffffffffff)", e);
        }
    }

    private static TraceFilter filter(String globs) {
        try {
            return TraceFilter.parse(globs);
        } catch (IllegalArgumentException e) {
            throw new InputException("bad --trace: " + e.getMessage(), e);
        }
    }

    private static TraceFormat format(String name) {
        try {
            return TraceFormat.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InputException("bad --trace-format '" + name + "': use one of " + formats(", "), e);
        }
    }

    private static String formats(String separator) {
        return Arrays.stream(TraceFormat.values())
                .map(format -> format.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(separator));
    }
}
