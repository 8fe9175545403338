package org.kvmemu.bench;

import java.util.concurrent.TimeUnit;
import org.kvmemu.api.kvm.KvmVcpu;
import org.kvmemu.api.scenario.Session;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One vCPU of a VMX VM idling in {@code sti ; hlt}, trace off. One op: an event arrives and
 * {@link #STEP_NS} of virtual time is run, in which it is delivered to the guest's handler, retired
 * (EOI or IRET) and the vCPU is halted again. Every op is checked to have delivered exactly one
 * event, outside the measured loop.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
public class DeliveryVmx {

    /**
     * Virtual time per op: the MSI wakes the halted vCPU (~2 us), is delivered and EOI'd, and the
     * vCPU blocks again well within it; the idle rest of the step costs nothing (no events).
     */
    static final long STEP_NS = 50_000;

    static final int VECTOR = 0x30;

    /** A one-vCPU machine; counts ops so that teardown can check one delivery each. */
    @State(Scope.Thread)
    public abstract static class OneVcpu {
        Session session;
        long ops;
        private long irqs0;
        private long nmis0;

        /** The machine, started and settled halted. */
        abstract Session idle();

        @Setup(Level.Trial)
        public void build() {
            session = idle();
            irqs0 = session.log(0).irqCount(VECTOR);
            nmis0 = session.log(0).nmiCount();
        }

        @TearDown(Level.Iteration)
        public void halted() {
            KvmVcpu v = session.kvm().vcpu(0);
            Machines.check(v.thread() == KvmVcpu.ThreadState.BLOCKED && session.observe(0).halted(),
                    "vcpu 0 is not halted again after an op: STEP_NS is too short (" + v.thread() + ")");
        }

        @TearDown(Level.Trial)
        public void delivered() {
            long irqs = session.log(0).irqCount(VECTOR) - irqs0;
            long nmis = session.log(0).nmiCount() - nmis0;
            Machines.check(irqs + nmis == ops && ops > 0,
                    "expected one delivery per op: " + ops + " ops, " + irqs + " irqs, " + nmis + " nmis");
        }
    }

    /** APICv on: the MSI is posted (PIR, ON), synced into vIRR/RVI and delivered and EOI'd by the CPU. */
    public static class ApicvOn extends OneVcpu {
        @Override
        Session idle() {
            return Machines.idleVmx(1, true);
        }
    }

    /** APICv off: the MSI is accepted into IRR, injected on entry (VM-entry interruption info), EOI exits. */
    public static class ApicvOff extends OneVcpu {
        @Override
        Session idle() {
            return Machines.idleVmx(1, false);
        }
    }

    /** KVM_SIGNAL_MSI of vector 0x30 to the halted vCPU, posted, delivered and EOI'd (APICv on). */
    @Benchmark
    public long deliveryVmx(ApicvOn s) {
        s.ops++;
        s.session.signalMsi(0, VECTOR);
        return s.session.runFor(STEP_NS);
    }

    /** The same MSI with APICv off: accepted into IRR, injected, EOI by an x2APIC MSR-write exit. */
    @Benchmark
    public long deliveryVmxApicvOff(ApicvOff s) {
        s.ops++;
        s.session.signalMsi(0, VECTOR);
        return s.session.runFor(STEP_NS);
    }

    /**
     * KVM_NMI from userspace (the vCPU is kicked out of KVM_RUN, the ioctl issued, KVM_RUN re-entered),
     * injected, delivered to the guest's NMI handler, IRET (APICv on).
     */
    @Benchmark
    public long nmiVmx(ApicvOn s) {
        s.ops++;
        s.session.ioctlNmi(0);
        return s.session.runFor(STEP_NS);
    }
}
