package org.kvmemu.launcher;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Optional;

/** Runs kvmemu in this JVM, as {@code kvmemu ARGS...} would, with no default plugins folder. */
final class InProcess {

    private InProcess() {
    }

    /** What one invocation printed and returned. */
    record Result(int exit, String out, String err) {
    }

    static Result kvmemu(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new Launcher(Optional.empty()).execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(exit, out.toString(), err.toString());
    }
}
