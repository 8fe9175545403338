package org.kvmemu.launcher;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.commons.cli.CommandLine;

/**
 * {@code kvmemu list}: every installed plugin, one line each, backends first and sorted by name,
 * as JUnit lists its engines: {@code vmx (kind: backend, vm types: [default], module: org.kvmemu.vmx,
 * version: 0.1.0, location: …)}, the plugin's description indented below when it has one; then
 * each refused plugin ({@code refused: why}) and the plugins folder.
 */
final class ListCommand implements Command {

    @Override
    public String name() {
        return "list";
    }

    @Override
    public String arguments() {
        return "[OPTIONS]";
    }

    @Override
    public String summary() {
        return "List the installed plugins: backends and guest drivers";
    }

    @Override
    public String description() {
        return "Lists every plugin kvmemu found, on its module path and in the plugins folder:\n"
                + "kind, name, VM types (backends), module, version and location.";
    }


    @Override
    public int run(Context context, CommandLine line) {
        requireNoArguments(line);
        PrintWriter out = context.out();
        PluginRegistry registry = context.plugins();
        List<PluginDescriptor> plugins = registry.descriptors();
        if (plugins.isEmpty()) {
            out.println("No plugins installed.");
        }
        for (PluginDescriptor plugin : plugins) {
            out.println(line(plugin));
            if (!plugin.description().isEmpty()) {
                out.println("    " + plugin.description());
            }
        }
        registry.refused().forEach(refusal -> out.println(refusal.line()));
        out.println("plugins folder: " + context.pluginsFolder()
                .map(dir -> Files.isDirectory(dir) ? dir.toString() : dir + " (not present)")
                .orElse("none (use --plugins DIR)"));
        return ExitCode.OK;
    }

    /** The plugin's line, without its description. */
    static String line(PluginDescriptor plugin) {
        StringBuilder line = new StringBuilder(plugin.name()).append(" (kind: ").append(plugin.kind().label());
        if (plugin.kind() == PluginKind.BACKEND) {
            line.append(", vm types: ")
                    .append(plugin.vmTypes().stream().map(type -> type.scenarioName())
                            .collect(Collectors.joining(", ", "[", "]")));
        }
        return line.append(", module: ").append(plugin.module())
                .append(", version: ").append(plugin.version())
                .append(", location: ").append(plugin.location())
                .append(')')
                .toString();
    }
}
