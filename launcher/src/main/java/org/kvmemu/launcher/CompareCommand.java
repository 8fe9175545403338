package org.kvmemu.launcher;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
import org.kvmemu.api.spi.VmType;

/**
 * {@code kvmemu compare FILE [--backends A,B] [--format text|json]}: runs FILE once per backend,
 * with {@code machine backend=} replaced and {@code vm=td} for {@code tdx} ({@code vm=default}
 * for any other), without checking its {@code expect} lines, and prints what the guest and
 * userspace observed side by side (see {@link Comparison}). Exit 0 when every run completed,
 * 2 for bad input (a statement a backend refuses is reported where it is, naming the backend),
 * 3 for a plugin failure.
 */
final class CompareCommand implements Command {

    static final String DEFAULT_BACKENDS = "vmx,tdx";

    @Override
    public String name() {
        return "compare";
    }

    @Override
    public String arguments() {
        return "[OPTIONS] FILE";
    }

    @Override
    public String summary() {
        return "Run one scenario on several backends and show where they differ";
    }

    @Override
    public String description() {
        return "Runs FILE once per backend (vm=td for tdx, vm=default for the others; expect lines\n"
                + "are not checked) and prints, per vCPU and side by side, the guest's observation log,\n"
                + "the exits to userspace, the ioctl results and the statistics. A row whose values\n"
                + "differ starts with '*'; the last line is 'N differences'.\n"
                + "Exit code 0 when every run completed, 2 for bad input, 3 for a plugin failure.";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder().longOpt("backends").hasArg().argName("A,B")
                        .desc("the backends to compare, in column order (default: " + DEFAULT_BACKENDS + ")").get())
                .addOption(Option.builder().longOpt("format").hasArg().argName("text|json")
                        .desc("output format (default: text)").get());
    }

    @Override
    public int run(Context context, CommandLine line) {
        List<String> files = line.getArgList();
        if (files.size() != 1) {
            throw new InputException("compare takes exactly one FILE, got " + files.size()
                    + " (see kvmemu help compare)");
        }
        String format = line.getOptionValue("format", "text");
        if (!format.equals("text") && !format.equals("json")) {
            throw new InputException("unknown --format '" + format + "' (text, json)");
        }
        List<String> backends = backends(line.getOptionValue("backends", DEFAULT_BACKENDS));
        backends.forEach(context.plugins()::backend);
        String file = files.get(0);
        Comparison comparison;
        try {
            comparison = compare(context.plugins().installed(), backends, (parser, override) ->
                    Scenarios.read(parser, file, override));
        } catch (ScenarioException e) {
            context.err().println(e.getMessage());
            return ExitCode.USAGE_ERROR;
        }
        if (format.equals("json")) {
            ComparisonPrinter.json(context.out(), file, comparison);
        } else {
            ComparisonPrinter.text(context.out(), file, comparison);
        }
        return ExitCode.OK;
    }

    /** How to get the scenario, with the machine {@code override} of one backend's run. */
    @FunctionalInterface
    interface Source {
        /** Parses the scenario with {@code parser} and {@code override}. */
        Scenario parse(ScenarioParser parser, MachineOverride override) throws ScenarioException;
    }

    /**
     * Runs the scenario of {@code source} on each of {@code backends}, with {@code vm=td} for
     * {@code tdx} and {@code vm=default} for the others.
     *
     * @throws ScenarioException when a backend refuses a statement: the report names the backend
     */
    static Comparison compare(InstalledPlugins installed, List<String> backends, Source source)
            throws ScenarioException {
        List<String> columns = new ArrayList<>();
        List<RunResult> results = new ArrayList<>();
        for (String backend : backends) {
            VmType vm = backend.equals("tdx") ? VmType.TD : VmType.DEFAULT;
            try {
                Scenario scenario = source.parse(new ScenarioParser(installed), new MachineOverride(backend, vm, false));
                results.add(new ScenarioRunner(installed).run(scenario, RunOptions.quiet()));
            } catch (ScenarioException e) {
                throw e.withReasonPrefix("on backend " + backend + " (vm=" + vm.scenarioName() + "): ");
            }
            columns.add(backend + " (vm=" + vm.scenarioName() + ")");
        }
        return Comparison.of(columns, results);
    }

    /** {@code --backends}: names separated by commas, at least two, none twice. */
    static List<String> backends(String option) {
        List<String> names = Arrays.stream(option.split(",", -1)).map(String::strip).toList();
        if (names.size() < 2 || names.stream().anyMatch(String::isEmpty)) {
            throw new InputException("--backends needs two or more backend names separated by commas, got '"
                    + option + "'");
        }
        if (names.stream().distinct().count() != names.size()) {
            throw new InputException("--backends names a backend twice: '" + option + "'");
        }
        return names;
    }
}
