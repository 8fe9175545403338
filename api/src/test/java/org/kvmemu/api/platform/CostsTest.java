package org.kvmemu.api.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.kvmemu.api.sim.Simulator;

/** The guest TSC conversions are exact over the whole virtual clock, where a plain product overflows. */
class CostsTest {

    private static final BigInteger MHZ = BigInteger.valueOf(Costs.CPU_MHZ);
    private static final BigInteger THOUSAND = BigInteger.valueOf(1000);

    @Test
    void nanosecondsToCyclesIsExactUpToTheEndOfTime() {
        assertEquals(2_600_000_000_000_000_000L, Costs.nsToCycles(Simulator.END_OF_TIME_NS));
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 10_000; i++) {
            long ns = random.nextLong(Simulator.END_OF_TIME_NS + 1);
            assertEquals(BigInteger.valueOf(ns).multiply(MHZ).divide(THOUSAND).longValueExact(), Costs.nsToCycles(ns));
        }
    }

    @Test
    void cyclesToNanosecondsIsExactForEveryLong() {
        SplittableRandom random = new SplittableRandom(12);
        for (int i = 0; i < 10_000; i++) {
            long cycles = random.nextLong();
            assertEquals(BigInteger.valueOf(cycles).multiply(THOUSAND).divide(MHZ).longValueExact(),
                    Costs.cyclesToNs(cycles));
        }
        assertEquals(Simulator.END_OF_TIME_NS, Costs.cyclesToNs(Costs.nsToCycles(Simulator.END_OF_TIME_NS)));
    }
}
