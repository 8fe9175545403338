package org.kvmemu.launcher;

/** The exit codes of {@code kvmemu}, for scripts and CI. */
public final class ExitCode {

    /** Everything ran and every expectation held. */
    public static final int OK = 0;
    /** A scenario ran and at least one of its expectations did not hold. */
    public static final int EXPECTATION_FAILED = 1;
    /** The command line, a scenario file or the plugins folder is wrong; nothing was run. */
    public static final int USAGE_ERROR = 2;
    /** A plugin failed or cannot be used, or kvmemu itself failed. */
    public static final int INTERNAL_FAILURE = 3;

    private ExitCode() {
    }
}
