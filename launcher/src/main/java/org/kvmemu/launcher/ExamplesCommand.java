package org.kvmemu.launcher;

import java.io.PrintWriter;
import java.util.List;
import org.apache.commons.cli.CommandLine;

/**
 * {@code kvmemu examples}: the example scenarios bundled with kvmemu, one line each, the name
 * {@code kvmemu run NAME} takes and the scenario's title.
 */
final class ExamplesCommand implements Command {

    @Override
    public String name() {
        return "examples";
    }

    @Override
    public String arguments() {
        return "[OPTIONS]";
    }

    @Override
    public String summary() {
        return "List the bundled example scenarios: kvmemu run NAME runs one";
    }

    @Override
    public String description() {
        return "Lists the example scenarios bundled with kvmemu, each with its title. Any of them runs\n"
                + "by name from any directory: kvmemu run vmx/self-ipi, kvmemu check vmx/self-ipi.";
    }

    @Override
    public int run(Context context, CommandLine line) {
        requireNoArguments(line);
        PrintWriter out = context.out();
        List<String> names = BundledScenarios.EXAMPLES.names();
        int width = names.stream().mapToInt(String::length).max().orElse(0) + 2;
        for (String name : names) {
            String text = BundledScenarios.EXAMPLES.text(name).orElseThrow();
            out.println(name + " ".repeat(width - name.length()) + Scenarios.title(text, name));
        }
        out.println(names.size() + " examples; run one with: kvmemu run NAME --trace 'kvm_*'");
        return ExitCode.OK;
    }
}
