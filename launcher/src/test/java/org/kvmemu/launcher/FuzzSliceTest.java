package org.kvmemu.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short, seeded slice of the fuzz campaign on every build: no internal error, no raw stack
 * trace, no slow run, every scenario error located with its line and caret, and the sampled runs
 * deterministic and the same with and without a trace. {@code -Dkvmemu.fuzz.inputs=N} (and
 * {@code -Dkvmemu.fuzz.seed=S}, {@code -Dkvmemu.fuzz.sample=K} to re-check every K-th input) runs a
 * campaign of N inputs and prints its figures.
 */
class FuzzSliceTest {

    @TempDir
    Path work;

    @Test
    void twoThousandFuzzedInputsFailOnlyAsDocumented() throws IOException {
        FuzzCampaign.Report report = new FuzzCampaign(work).run(1, 2_000, 10);
        assertEquals(Map.of(), report.problems, report::toString);
        assertEquals(2_000, report.inputs);
        assertTrue(report.deterministicChecked > 20, report::toString);
        assertTrue(report.byExit.getOrDefault(0, 0L) > 100 && report.byExit.getOrDefault(2, 0L) > 100, report::toString);
    }

    @Test
    @EnabledIfSystemProperty(named = "kvmemu.fuzz.inputs", matches = "\\d+")
    void campaign() throws IOException {
        int inputs = Integer.parseInt(System.getProperty("kvmemu.fuzz.inputs"));
        long seed = Long.parseLong(System.getProperty("kvmemu.fuzz.seed", "11"));
        int sampleEvery = Integer.parseInt(System.getProperty("kvmemu.fuzz.sample", "100"));
        FuzzCampaign.Report report = new FuzzCampaign(work).run(seed, inputs, sampleEvery);
        System.out.println("fuzz campaign, seed " + seed + ": " + report);
        assertEquals(0L, report.byExit.getOrDefault(3, 0L), "internal errors: " + report);
    }
}
