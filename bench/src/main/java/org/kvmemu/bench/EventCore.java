package org.kvmemu.bench;

import java.util.concurrent.TimeUnit;
import org.kvmemu.api.sim.SimEvent;
import org.kvmemu.api.sim.Simulator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A diagnostic, not one of the targets' figures: the simulation core alone, doing what one
 * {@code deliveryVmx} op makes it do: 7 events, each of its own class (so {@code fire()} is
 * megamorphic, as in the model), each scheduling the next 100 ns later, fired through
 * {@link Simulator#run}. What is left of a delivery's cost is the model's own logic.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
public class EventCore {

    static final int CHAIN = 7;

    Simulator sim;
    SimEvent first;

    @Setup
    public void build() {
        sim = new Simulator(0);
        SimEvent e7 = new SimEvent() {
            @Override
            protected void fire() {
            }
        };
        SimEvent e6 = next(e7, 6);
        SimEvent e5 = next(e6, 5);
        SimEvent e4 = next(e5, 4);
        SimEvent e3 = next(e4, 3);
        SimEvent e2 = next(e3, 2);
        first = next(e2, 1);
    }

    /** Distinct classes, as the model's events are (vCPU run loop, VMX entry and exit, guest, ...). */
    private SimEvent next(SimEvent then, int which) {
        return switch (which) {
            case 1 -> new SimEvent() {
                @Override
                protected void fire() {
                    sim.after(100, then);
                }
            };
            case 2 -> new SimEvent() {
                @Override
                protected void fire() {
                    sim.after(100, then);
                }
            };
            case 3 -> new SimEvent() {
                @Override
                protected void fire() {
                    sim.after(100, then);
                }
            };
            case 4 -> new SimEvent() {
                @Override
                protected void fire() {
                    sim.after(100, then);
                }
            };
            case 5 -> new SimEvent() {
                @Override
                protected void fire() {
                    sim.after(100, then);
                }
            };
            default -> new SimEvent() {
                @Override
                protected void fire() {
                    sim.after(100, then);
                }
            };
        };
    }

    /** One chain of {@link #CHAIN} events, run to its end (as {@code runFor(STEP)} does). */
    @Benchmark
    public long eventCore() {
        sim.after(0, first);
        sim.run(sim.now() + DeliveryVmx.STEP_NS, Long.MAX_VALUE);
        return sim.firedEvents();
    }
}
