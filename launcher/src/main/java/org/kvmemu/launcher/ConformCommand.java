package org.kvmemu.launcher;

import java.io.PrintWriter;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.kvmemu.api.scenario.InstalledPlugins;
import org.kvmemu.api.scenario.MachineOverride;
import org.kvmemu.api.spi.BackendProvider;
import org.kvmemu.api.spi.VmType;

/**
 * {@code kvmemu conform --backend NAME}: the conformance kit. Runs kvmemu's backend-neutral
 * contract scenarios (delivery, the NMI limit, interrupt and NMI windows, priority: outcomes the
 * guest observes whatever the backend's hardware) on backend NAME, each parsed as if its
 * {@code machine} named NAME, on an ordinary VM. A scenario NAME refuses is reported as REFUSED,
 * not run; the last line is {@code N passed, N failed, N refused}.
 */
final class ConformCommand implements Command {

    @Override
    public String name() {
        return "conform";
    }

    @Override
    public String arguments() {
        return "--backend NAME";
    }

    @Override
    public String summary() {
        return "Run the backend-neutral contract scenarios on a backend";
    }

    @Override
    public String description() {
        return "Runs kvmemu's backend-neutral contract scenarios (delivery, NMI limit, windows, priority)\n"
                + "on backend NAME's ordinary VMs (vm=default when it runs them, else its other VM type) and\n"
                + "prints PASS, FAIL or REFUSED for each (REFUSED: the backend cannot run\n"
                + "it and says so), then 'N passed, N failed, N refused'. Exit code 1 when one failed.";
    }

    @Override
    public Options options() {
        return new Options().addOption(Option.builder().longOpt("backend").hasArg().argName("NAME").required()
                .desc("the backend to check (see kvmemu list)").get());
    }

    @Override
    public int run(Context context, CommandLine line) {
        requireNoArguments(line);
        PluginRegistry registry = context.plugins();
        BackendProvider backend = registry.backend(line.getOptionValue("backend"));
        VmType vm = backend.vmTypes().contains(VmType.DEFAULT) ? VmType.DEFAULT
                : backend.vmTypes().stream().sorted().findFirst().orElse(VmType.DEFAULT);
        MachineOverride override = new MachineOverride(backend.name(), vm);
        InstalledPlugins plugins = registry.installed();
        PrintWriter out = context.out();
        BundledScenarios kit = BundledScenarios.CONFORMANCE;
        List<String> names = kit.names();
        out.println("kvmemu conform: " + names.size() + " contract scenarios on backend " + backend.name() + ", vm="
                + vm.scenarioName());
        int passed = 0;
        int failed = 0;
        int refused = 0;
        for (String name : names) {
            String text = kit.text(name).orElseThrow();
            Verdict verdict = QuietRun.run(context, plugins, parser -> parser.parse(kit.shown(name), text, override));
            String title = Scenarios.title(text, name);
            if (verdict.passed()) {
                passed++;
                out.println("PASS    " + name + ": " + title);
            } else if (verdict.refused()) {
                refused++;
                out.println("REFUSED " + name + ": " + verdict.detail());
            } else {
                failed++;
                out.println("FAIL    " + name + ": " + verdict.detail());
            }
        }
        out.println(passed + " passed, " + failed + " failed, " + refused + " refused");
        return failed == 0 ? ExitCode.OK : ExitCode.EXPECTATION_FAILED;
    }
}
