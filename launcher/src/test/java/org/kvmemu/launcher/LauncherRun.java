package org.kvmemu.launcher;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What one {@code kvmemu} invocation through {@link Launcher#execute} printed and returned.
 *
 * @param exit the exit code
 * @param out  standard output
 * @param err  standard error
 */
record LauncherRun(int exit, String out, String err) {

    /** Runs {@code kvmemu args...} without a default plugins folder. */
    static LauncherRun of(String... args) {
        return with(Optional.empty(), args);
    }

    /** Runs {@code kvmemu args...} with {@code plugins} as the default plugins folder. */
    static LauncherRun with(Optional<Path> plugins, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new Launcher(plugins).execute(new PrintWriter(out), new PrintWriter(err), args);
        return new LauncherRun(exit, out.toString(), err.toString());
    }

    /** Standard output's lines. */
    List<String> outLines() {
        return out.lines().toList();
    }
}
