package org.kvmemu.api.sim;

import org.kvmemu.api.annotation.API;

/**
 * The run's seeded random source (SplitMix64): the same seed gives the same sequence on every
 * machine and JVM, which {@link java.util.Random}'s contract also gives but with a weaker generator.
 */
@API(status = API.Status.MAINTAINED, since = "1")
public final class SplitMix64 {

    private long state;

    /** A generator starting from {@code seed}. */
    public SplitMix64(long seed) {
        this.state = seed;
    }

    /** The next 64 random bits. */
    public long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A uniform integer in [0, bound). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive");
        }
        return (int) Long.remainderUnsigned(nextLong(), bound);
    }
}
