package org.kvmemu.launcher;

import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** The {@code kvmemu} program: {@code java -p LIB -m org.kvmemu.launcher/org.kvmemu.launcher.Main}. */
public final class Main {

    private Main() {
    }

    /**
     * Runs kvmemu with {@code args} and exits with its {@link ExitCode}; both streams are UTF-8
     * whatever the locale, and a failed write to them is seen ({@link PrintWriter#checkError}).
     * Standard error is flushed at every line, so a warning shows when it is given, not when the
     * run ends.
     */
    public static void main(String... args) {
        System.exit(Launcher.run(utf8(new FileOutputStream(FileDescriptor.out)),
                stderr(new FileOutputStream(FileDescriptor.err)), args));
    }

    /** A buffered writer of UTF-8 text to {@code stream}. */
    static PrintWriter utf8(OutputStream stream) {
        return new PrintWriter(new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8)));
    }

    /** Like {@link #utf8}, flushed at every {@code println}: standard error's writer. */
    static PrintWriter stderr(OutputStream stream) {
        return new PrintWriter(new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8)), true);
    }
}
