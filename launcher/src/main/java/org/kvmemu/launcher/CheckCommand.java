package org.kvmemu.launcher;

import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.kvmemu.api.scenario.InstalledPlugins;

/**
 * {@code kvmemu check FILE...}: runs each scenario without a trace and prints one line per file,
 * {@code PASS FILE} or {@code FAIL FILE: why} (the first failed expectation, or the error), then
 * {@code N passed, N failed} alone on the last line. The exit code is the worst of the files'.
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
        return "Run scenarios and print PASS or FAIL for each";
    }

    @Override
    public String description() {
        return "Runs each FILE without a trace and prints PASS FILE, or FAIL FILE: and the first\n"
                + "expectation that did not hold, then 'N passed, N failed' on the last line.\n"
                + "The exit code is the worst of the files': 1 a failed expectation, 2 a bad file, 3 a plugin failure.";
    }


    @Override
    public int run(Context context, CommandLine line) {
        List<String> files = line.getArgList();
        if (files.isEmpty()) {
            throw new InputException("check needs at least one FILE (see kvmemu help check)");
        }
        InstalledPlugins plugins = context.plugins().installed();
        PrintWriter out = context.out();
        int passed = 0;
        int worst = ExitCode.OK;
        for (String file : files) {
            Verdict verdict = QuietRun.run(context, plugins, parser -> Scenarios.read(parser, path(file)));
            out.println(verdict.passed() ? "PASS " + file : "FAIL " + file + ": " + verdict.detail());
            passed += verdict.passed() ? 1 : 0;
            worst = Math.max(worst, verdict.exitCode());
        }
        out.println(passed + " passed, " + (files.size() - passed) + " failed");
        return worst;
    }

    private static Path path(String file) {
        try {
            return Path.of(file);
        } catch (InvalidPathException e) {
            throw new InputException("bad scenario file '" + file + "': " + e.getReason(), e);
        }
    }
}
