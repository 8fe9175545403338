package org.kvmemu.launcher;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.kvmemu.api.scenario.InstalledPlugins;
import org.kvmemu.api.scenario.MachineOverride;
import org.kvmemu.api.spi.BackendProvider;

/**
 * {@code kvmemu check FILE...}: runs each scenario (a file, or a bundled example by name) without a
 * trace and prints one line per file, {@code PASS FILE}, {@code FAIL FILE: why} (the first failed
 * expectation, or the error; every one with {@code -v}) or {@code SKIP FILE: why} when its backend
 * is not installed, then {@code N passed, N failed, N skipped} alone on the last line; or the same
 * as TAP ({@code --tap}). {@code --junit FILE} also writes a JUnit XML report. The exit code is the
 * worst of the files'; a skipped file counts as passing.
 */
final class CheckCommand implements Command {

    @Override
    public String name() {
        return "check";
    }

    @Override
    public String arguments() {
        return "[OPTIONS] FILE...";
    }

    @Override
    public String summary() {
        return "Run scenarios and print PASS, FAIL or SKIP for each";
    }

    @Override
    public String description() {
        return "Runs each FILE (or bundled example, e.g. vmx/self-ipi) without a trace and prints PASS FILE,\n"
                + "FAIL FILE: and the first expectation that did not hold, or SKIP FILE: when its backend is\n"
                + "not installed, then 'N passed, N failed, N skipped' on the last line.\n"
                + "The exit code is the worst of the files': 1 a failed expectation, 2 a bad file, 3 a plugin failure.";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder().longOpt("backend").hasArg().argName("NAME")
                        .desc("run every file on backend NAME instead of its own (see kvmemu list)").get())
                .addOption(Option.builder("v").longOpt("verbose")
                        .desc("print every failed expectation of a file, not only the first").get())
                .addOption(Option.builder().longOpt("tap")
                        .desc("print the results as TAP (version 13) instead").get())
                .addOption(Option.builder().longOpt("junit").hasArg().argName("FILE")
                        .desc("also write a JUnit XML report to FILE").get());
    }

    @Override
    public int run(Context context, CommandLine line) {
        List<String> files = line.getArgList();
        if (files.isEmpty()) {
            throw new InputException("check needs at least one FILE (see kvmemu help check)");
        }
        Optional<Path> junit = Optional.ofNullable(line.getOptionValue("junit")).map(CheckCommand::path);
        PluginRegistry registry = context.plugins();
        Optional<BackendProvider> backend = Optional.ofNullable(line.getOptionValue("backend")).map(registry::backend);
        InstalledPlugins plugins = registry.installed();
        PrintWriter out = context.out();
        boolean tap = line.hasOption("tap");
        boolean verbose = line.hasOption("verbose");
        CheckReport report = new CheckReport();
        if (tap) {
            CheckReport.tapPlan(out, files.size());
        }
        MachineOverride override = backend.map(b -> MachineOverride.backendOnly(b.name())).orElse(null);
        int worst = ExitCode.OK;
        for (int i = 0; i < files.size(); i++) {
            String file = files.get(i);
            Verdict verdict = QuietRun.run(context, plugins, parser -> Scenarios.read(parser, file, override));
            report.add(file, verdict);
            if (tap) {
                CheckReport.tap(out, i + 1, file, verdict);
            } else {
                print(out, file, verdict, verbose);
            }
            worst = Math.max(worst, verdict.exitCode());
        }
        out.println(tap ? "# " + report.closingLine() : report.closingLine());
        junit.ifPresent(path -> write(path, report.junit()));
        return worst;
    }

    private static void print(PrintWriter out, String file, Verdict verdict, boolean verbose) {
        if (verdict.passed()) {
            out.println("PASS " + file);
            return;
        }
        out.println(verdict.label() + " " + file + ": " + verdict.detail());
        if (verbose) {
            verdict.failures().stream().skip(1).forEach(failure -> out.println("    " + failure));
        }
    }

    private static void write(Path path, String xml) {
        try {
            Files.writeString(path, xml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InputException("cannot write " + path + ": " + Messages.reason(e), e);
        }
    }

    /** The {@code --junit} file, refused before any scenario runs when it cannot be written there. */
    private static Path path(String file) {
        Path path;
        try {
            path = Path.of(file);
        } catch (InvalidPathException e) {
            throw new InputException("bad --junit file '" + file + "': " + e.getReason(), e);
        }
        Path folder = path.toAbsolutePath().getParent();
        if (Files.isDirectory(path)) {
            throw new InputException("cannot write --junit " + file + ": it is a directory");
        }
        if (Files.exists(path) && !Files.isWritable(path)) {
            throw new InputException("cannot write --junit " + file + ": it is not writable");
        }
        if (folder != null && !Files.isDirectory(folder)) {
            throw new InputException("cannot write --junit " + file + ": no such directory " + folder);
        }
        if (folder != null && !Files.isWritable(folder)) {
            throw new InputException("cannot write --junit " + file + ": directory " + folder + " is not writable");
        }
        return path;
    }
}
