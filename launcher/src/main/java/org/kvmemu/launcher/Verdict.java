package org.kvmemu.launcher;

import java.util.List;
import org.kvmemu.api.scenario.RunResult;

/**
 * How one scenario of {@code check} or {@code demo} went.
 *
 * @param exitCode the {@link ExitCode} this scenario alone would give
 * @param detail   why it failed, one line (the first failed expectation, or the error); empty when it passed
 * @param summary  the run's summary lines; empty when it did not run
 */
record Verdict(int exitCode, String detail, List<String> summary) {

    /** Whether the scenario ran and every expectation held. */
    boolean passed() {
        return exitCode == ExitCode.OK;
    }

    /** {@code PASS} or {@code FAIL}. */
    String label() {
        return passed() ? "PASS" : "FAIL";
    }

    /** The verdict on a scenario that ran. */
    static Verdict of(RunResult result) {
        return result.passed()
                ? new Verdict(ExitCode.OK, "", result.summary())
                : new Verdict(ExitCode.EXPECTATION_FAILED, result.failures().get(0), result.summary());
    }

    /** The verdict on a scenario that could not run. */
    static Verdict error(int exitCode, String detail) {
        return new Verdict(exitCode, detail, List.of());
    }
}
