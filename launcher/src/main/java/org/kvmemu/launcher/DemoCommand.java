package org.kvmemu.launcher;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.kvmemu.api.scenario.InstalledPlugins;
import org.kvmemu.api.scenario.ScenarioException;

/**
 * {@code kvmemu demo}: runs the example scenarios bundled in the launcher jar (copied from the
 * repository's {@code examples/} folder) and prints, for each, its title, PASS or FAIL and its
 * summary; then how to run one with its trace. What a new user sees first.
 */
final class DemoCommand implements Command {

    /** The bundled examples the demo runs, in order, relative to {@code examples/}. */
    static final List<String> EXAMPLES = List.of(
            "vmx/fixed-irq-apicv-off.scenario",
            "vmx/fixed-irq-apicv-on.scenario",
            "vmx/fixed-irq-window.scenario",
            "vmx/posted-ipi-in-guest-mode.scenario",
            "vmx/nmi-while-blocked.scenario",
            "vmx/three-nmis.scenario");

    /** The bundled example the demo compares on VMX and on TDX. */
    static final String COMPARED = "tdx/back-to-back-nmis-collapse.scenario";

    private static final String INDENT = "      ";

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String arguments() {
        return "[OPTIONS]";
    }

    @Override
    public String summary() {
        return "Run the bundled example scenarios and summarize them";
    }

    @Override
    public String description() {
        return "Runs six of the example scenarios bundled with kvmemu and prints, for each, its title,\n"
                + "PASS or FAIL and its summary; then compares one of them on VMX and in a TDX trust domain.";
    }


    @Override
    public int run(Context context, CommandLine line) {
        requireNoArguments(line);
        PrintWriter out = context.out();
        InstalledPlugins plugins = context.plugins().installed();
        out.println("kvmemu demo: the bundled example scenarios, run on the installed plugins");
        out.println();
        int worst = ExitCode.OK;
        for (String example : EXAMPLES) {
            Optional<String> text = BundledScenarios.EXAMPLES.text(example);
            if (text.isEmpty()) {
                context.err().println("kvmemu: missing bundled example " + example);
                worst = ExitCode.INTERNAL_FAILURE;
                continue;
            }
            String shown = BundledScenarios.EXAMPLES.shown(example);
            Verdict verdict = QuietRun.run(context, plugins, parser -> parser.parse(shown, text.get()));
            out.println(verdict.label() + "  " + Scenarios.title(text.get(), shown) + "  (" + shown + ")");
            verdict.summary().forEach(summary -> out.println(INDENT + summary));
            if (!verdict.passed()) {
                out.println(INDENT + verdict.detail());
            }
            out.println();
            worst = Math.max(worst, verdict.exitCode());
        }
        worst = Math.max(worst, compare(context, plugins));
        out.println("Run one yourself, with its trace, from any directory: kvmemu run "
                + EXAMPLES.get(0).replace(".scenario", "") + " --trace 'kvm_*' (kvmemu examples lists them all)");
        return worst;
    }

    /** Two back-to-back NMIs on VMX and in a TD, side by side: the TD collapses them into one. */
    private static int compare(Context context, InstalledPlugins plugins) {
        PrintWriter out = context.out();
        String shown = BundledScenarios.EXAMPLES.shown(COMPARED);
        List<String> backends = List.of("vmx", "tdx");
        if (!backends.stream().allMatch(b -> plugins.backend(b).isPresent())) {
            out.println("(VMX and TDX side by side: needs the vmx and tdx backends)");
            out.println();
            return ExitCode.OK;
        }
        out.println("VMX and TDX side by side: kvmemu compare " + shown);
        try {
            String text = BundledScenarios.EXAMPLES.text(COMPARED).orElseThrow(
                    () -> new IllegalStateException("missing bundled example " + COMPARED));
            ComparisonPrinter.text(out, shown, CompareCommand.compare(plugins, backends,
                    (parser, override) -> parser.parse(shown, text, override)));
        } catch (ScenarioException e) {
            context.err().println("kvmemu: " + e.getMessage());
            return ExitCode.INTERNAL_FAILURE;
        }
        out.println();
        return ExitCode.OK;
    }
}
