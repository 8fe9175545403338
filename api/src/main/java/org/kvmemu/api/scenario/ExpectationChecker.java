package org.kvmemu.api.scenario;

import java.util.ArrayList;
import java.util.List;

/** Checks a scenario's {@code expect} statements against a finished run. */
final class ExpectationChecker {

    private final Outcome run;

    ExpectationChecker(Outcome run) {
        this.run = run;
    }

    /** One {@code FILE:LINE: expected ..., observed ...} line per expectation that does not hold. */
    List<String> failures(List<Expectation> expectations) {
        List<String> out = new ArrayList<>();
        for (Expectation e : expectations) {
            String observed = e.check(run);
            if (observed != null) {
                out.add(e.location().fileLine() + ": expected " + e.describe() + ", observed " + observed);
            }
        }
        return out;
    }
}
