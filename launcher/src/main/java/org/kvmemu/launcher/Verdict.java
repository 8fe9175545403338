package org.kvmemu.launcher;

import java.util.List;
import org.kvmemu.api.scenario.RunResult;

/**
 * How one scenario of {@code check} or {@code demo} went.
 *
 * @param exitCode the {@link ExitCode} this scenario alone would give
 * @param skipped  whether it did not run because its backend is not installed
 * @param refused  whether it did not run because its backend refuses it (a bad input for that backend)
 * @param failures why it failed: every failed expectation, or the one error; empty when it passed
 * @param summary  the run's summary lines; empty when it did not run
 */
record Verdict(int exitCode, boolean skipped, boolean refused, List<String> failures, List<String> summary) {

    /** Whether the scenario ran and every expectation held. */
    boolean passed() {
        return exitCode == ExitCode.OK && !skipped;
    }

    /** {@code PASS}, {@code FAIL} or {@code SKIP}. */
    String label() {
        return skipped ? "SKIP" : passed() ? "PASS" : "FAIL";
    }

    /** Why it failed or was skipped, one line: the first failed expectation or the error; empty when it passed. */
    String detail() {
        return failures.isEmpty() ? "" : failures.get(0);
    }

    /** The verdict on a scenario that ran. */
    static Verdict of(RunResult result) {
        return new Verdict(result.passed() ? ExitCode.OK : ExitCode.EXPECTATION_FAILED, false, false,
                List.copyOf(result.failures()), result.summary());
    }

    /** The verdict on a scenario that could not run. */
    static Verdict error(int exitCode, String detail) {
        return new Verdict(exitCode, false, false, List.of(detail), List.of());
    }

    /** The verdict on a scenario its backend refuses: an input error, which {@code conform} counts apart. */
    static Verdict refusedBy(String why) {
        return new Verdict(ExitCode.USAGE_ERROR, false, true, List.of(why), List.of());
    }

    /** The verdict on a scenario whose backend is not installed. */
    static Verdict skip(String why) {
        return new Verdict(ExitCode.OK, true, false, List.of(why), List.of());
    }
}
