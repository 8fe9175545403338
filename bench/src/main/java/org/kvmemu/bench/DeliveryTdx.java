package org.kvmemu.bench;

import java.util.concurrent.TimeUnit;
import org.kvmemu.api.scenario.Session;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * {@link DeliveryVmx}'s work on a TD: one TD vCPU idling in {@code sti ; hlt} (a TDVMCALL&lt;HLT&gt;),
 * trace off; the same op, step and checks (halted again after each iteration, one delivery per op).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
public class DeliveryTdx {

    /** A TD of one vCPU. */
    public static class Td extends DeliveryVmx.OneVcpu {
        @Override
        Session idle() {
            return Machines.idleTd();
        }
    }

    /**
     * KVM_SIGNAL_MSI of 0x30 to the halted TD vCPU: posted (PIR, ON), wake-up, self-IPI 0xf2 before
     * TDH.VP.ENTER, posted-interrupt processing in the TD, delivery, virtual EOI, TDVMCALL&lt;HLT&gt;.
     */
    @Benchmark
    public long deliveryTdx(Td s) {
        s.ops++;
        s.session.signalMsi(0, DeliveryVmx.VECTOR);
        return s.session.runFor(DeliveryVmx.STEP_NS);
    }

    /**
     * KVM_NMI to the halted TD vCPU: PEND_NMI written through TDH.VP.WR, the module injects it on
     * TD entry, the guest's NMI handler, IRET, TDVMCALL&lt;HLT&gt;.
     */
    @Benchmark
    public long nmiTdx(Td s) {
        s.ops++;
        s.session.ioctlNmi(0);
        return s.session.runFor(DeliveryVmx.STEP_NS);
    }
}
