package org.kvmemu.launcher;

import java.io.PrintWriter;

/** The {@code kvmemu} program: {@code java -p LIB -m org.kvmemu.launcher/org.kvmemu.launcher.Main}. */
public final class Main {

    private Main() {
    }

    /** Runs kvmemu with {@code args} and exits with its {@link ExitCode}. */
    public static void main(String... args) {
        System.exit(Launcher.run(new PrintWriter(System.out), new PrintWriter(System.err), args));
    }
}
