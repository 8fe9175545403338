package org.kvmemu.bench;

import java.util.concurrent.TimeUnit;
import org.kvmemu.api.apic.ApicBitmap;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The floor every other figure is divided by: the least work one delivery needs, on primitive
 * words and nothing else: set a PIR bit (post), move PIR into IRR ({@code sync_pir_to_irr}), find the
 * highest vector, move it from IRR to ISR (delivery) and clear its ISR bit (EOI).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
public class Floor {

    /** Not a constant, so that the JIT cannot fold the bit arithmetic away. */
    int vector = 0x30;

    final ApicBitmap pir = new ApicBitmap();
    final ApicBitmap irr = new ApicBitmap();
    final ApicBitmap isr = new ApicBitmap();

    final long[] rawPir = new long[4];
    final long[] rawIrr = new long[4];
    final long[] rawIsr = new long[4];

    /** One delivery's bit work on the model's own bitmap class ({@link ApicBitmap}). */
    @Benchmark
    public void floor(Blackhole bh) {
        pir.set(vector);
        bh.consume(pir.drainInto(irr));
        int v = irr.highest();
        irr.clear(v);
        isr.set(v);
        bh.consume(v);
        isr.clear(v);
    }

    /** The same on a bare {@code long[4]} per register: shows what the {@link ApicBitmap} wrapper costs. */
    @Benchmark
    public void floorRaw(Blackhole bh) {
        int vec = vector;
        rawPir[vec >> 6] |= 1L << (vec & 63);
        boolean fresh = false;
        for (int w = 0; w < 4; w++) {
            long bits = rawPir[w];
            if (bits != 0) {
                rawPir[w] = 0;
                fresh |= (bits & ~rawIrr[w]) != 0;
                rawIrr[w] |= bits;
            }
        }
        bh.consume(fresh);
        int v = -1;
        for (int w = 3; w >= 0; w--) {
            if (rawIrr[w] != 0) {
                v = (w << 6) + 63 - Long.numberOfLeadingZeros(rawIrr[w]);
                break;
            }
        }
        rawIrr[v >> 6] &= ~(1L << (v & 63));
        rawIsr[v >> 6] |= 1L << (v & 63);
        bh.consume(v);
        rawIsr[v >> 6] &= ~(1L << (v & 63));
    }
}
