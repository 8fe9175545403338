package org.kvmemu.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.kvmemu.api.guest.Instruction;
import org.kvmemu.api.scenario.Scenario;
import org.kvmemu.api.scenario.Session;
import org.kvmemu.api.scenario.VcpuProgram;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * 64 vCPUs of a VMX VM (APICv on) sending each other fixed IPIs: vCPU {@code i} runs
 * {@code sti} and then rounds of {@code ipi (i+d)%64 vector=0x40 ; spin 1us} for d = 1..63 (one IPI
 * to every other vCPU per round), so every vCPU both sends (an x2APIC ICR write: an APIC_WRITE
 * exit) and receives (posted, delivered, EOI'd) all the time.
 *
 * <p>One op is {@link #SLICE_NS} of virtual time of that storm; the {@code ipis} counter reports the
 * IPIs delivered to guest handlers per second (divide by ops/s for IPIs per op). The scenario
 * language has no loops, so the programs are made long enough for the whole trial: the text of one
 * round is generated and parsed, and its parsed instructions are repeated (shared, immutable
 * records) as many rounds as a calibration run says the trial's time needs, four times over. Should
 * the storm still run dry, an op fails loudly rather than measuring an idle VM.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class IpiStorm {

    static final int VCPUS = 64;
    static final int VECTOR = 0x40;
    static final long SLICE_NS = 100_000;

    /** IPIs sent in one round by all vCPUs. */
    static final int IPIS_PER_ROUND = VCPUS * (VCPUS - 1);
    private static final int CALIBRATION_ROUNDS = 100;
    /** Program length cap: 64 vCPUs x 126 references x 5000 rounds is 160 MB of arrays (-Xmx1g). */
    private static final int MAX_ROUNDS = 5000;
    private static final double SAFETY = 4.0;

    /** The storm's machine and the IPIs delivered so far. */
    @State(Scope.Thread)
    public static class Storm {
        Session session;
        long deliveredSoFar;

        @Setup(Level.Trial)
        public void build(BenchmarkParams params) {
            double nsPerIpi = calibrate();
            long trialNs = ns(params.getWarmup().getTime()) * params.getWarmup().getCount()
                    + ns(params.getMeasurement().getTime()) * params.getMeasurement().getCount();
            long rounds = (long) Math.ceil(SAFETY * trialNs / nsPerIpi / IPIS_PER_ROUND);
            rounds = Math.max(CALIBRATION_ROUNDS, Math.min(MAX_ROUNDS, rounds));
            System.out.printf("%nipiStorm: calibrated %.0f ns of wall time per IPI; programs of %d rounds (%d IPIs)%n",
                    nsPerIpi, rounds, rounds * IPIS_PER_ROUND);
            session = Machines.session(storm((int) rounds));
            deliveredSoFar = delivered(session);
            // Settle the heap before measuring: the long programs are old and clean from here on, so
            // that collections in the loop are only about what the storm itself allocates.
            System.gc();
        }

        /**
         * Wall time per delivered IPI, from a short storm: its first half warms the JIT, the next
         * third is timed (IPIs sent while the same vector is still pending coalesce, so fewer are
         * delivered than sent; a slice that delivers nothing ends the run too).
         */
        private static double calibrate() {
            Session s = Machines.session(storm(CALIBRATION_ROUNDS));
            long total = (long) CALIBRATION_ROUNDS * IPIS_PER_ROUND;
            runUntil(s, total / 2);
            long d0 = delivered(s);
            long t0 = System.nanoTime();
            runUntil(s, total * 5 / 6);
            long d = delivered(s) - d0;
            Machines.check(d > 0, "the calibration storm delivered no IPI");
            return (double) (System.nanoTime() - t0) / d;
        }

        private static void runUntil(Session s, long deliveries) {
            long d = delivered(s);
            while (d < deliveries) {
                s.runFor(SLICE_NS);
                long now = delivered(s);
                if (now == d) {
                    return;
                }
                d = now;
            }
        }

        private static long ns(TimeValue t) {
            return t.convertTo(TimeUnit.NANOSECONDS);
        }
    }

    /** IPIs delivered to guest handlers, per second (an op is {@link #SLICE_NS} of the storm). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        public long ipis;

        @Setup(Level.Iteration)
        public void reset() {
            ipis = 0;
        }
    }

    /** {@link #SLICE_NS} of virtual time of the storm. */
    @Benchmark
    public long ipiStorm(Storm s, Counters c) {
        long now = s.session.runFor(SLICE_NS);
        long d = delivered(s.session);
        if (d == s.deliveredSoFar) {
            throw new IllegalStateException("the IPI storm ran out of program: raise MAX_ROUNDS or SAFETY");
        }
        c.ipis += d - s.deliveredSoFar;
        s.deliveredSoFar = d;
        return now;
    }

    static long delivered(Session s) {
        long n = 0;
        for (int i = 0; i < VCPUS; i++) {
            n += s.log(i).irqCount(VECTOR);
        }
        return n;
    }

    /** The storm with {@code rounds} rounds per vCPU: one round's text parsed, its instructions repeated. */
    static Scenario storm(int rounds) {
        StringBuilder text = new StringBuilder("machine backend=vmx vcpus=" + VCPUS + " apicv=on\n");
        for (int i = 0; i < VCPUS; i++) {
            text.append("vcpu ").append(i).append(": sti");
            for (int d = 1; d < VCPUS; d++) {
                text.append(" ; ipi ").append((i + d) % VCPUS).append(" vector=0x").append(Integer.toHexString(VECTOR))
                        .append(" ; spin 1us");
            }
            text.append('\n');
        }
        text.append("run until=1000s\n");
        Scenario one = Machines.parse(text.toString());
        List<VcpuProgram> programs = new ArrayList<>();
        for (VcpuProgram p : one.programs()) {
            List<Instruction> round = p.instructions().subList(1, p.instructions().size());
            List<Instruction> all = new ArrayList<>(1 + rounds * round.size());
            all.add(p.instructions().get(0));
            for (int r = 0; r < rounds; r++) {
                all.addAll(round);
            }
            programs.add(new VcpuProgram(p.vcpu(), all, p.location()));
        }
        return new Scenario(one.file(), one.machine(), one.drivers(), programs, one.handlers(), one.events(),
                one.run(), one.expectations());
    }
}
