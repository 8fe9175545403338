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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@code deliveryVmx}'s work (one MSI to vCPU 0, posted, delivered, EOI'd, back to halt; APICv on)
 * in VMs of 1 to 4096 vCPUs whose other vCPUs idle halted. With no scan over all vCPUs on the hot
 * path the cost per op does not depend on {@code vcpus}. Runs with {@code -Xmx256m}: a 4096-vCPU VM
 * must fit in it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx256m")
public class Scale {

    @Param({"1", "64", "1024", "4096"})
    int vcpus;

    Session session;
    long ops;
    private long irqs0;

    @Setup(Level.Trial)
    public void build() {
        session = Machines.idleVmx(vcpus, true);
        for (int i = 0; i < vcpus; i++) {
            KvmVcpu v = session.kvm().vcpu(i);
            Machines.check(v.thread() == KvmVcpu.ThreadState.BLOCKED, "vcpu " + i + " is not idle: " + v.thread());
        }
        irqs0 = session.log(0).irqCount(DeliveryVmx.VECTOR);
    }

    @TearDown(Level.Trial)
    public void delivered() {
        long irqs = session.log(0).irqCount(DeliveryVmx.VECTOR) - irqs0;
        Machines.check(irqs == ops && ops > 0, "expected one delivery per op: " + ops + " ops, " + irqs + " irqs");
        Runtime rt = Runtime.getRuntime();
        System.gc();
        System.out.printf("%n%d vcpus: heap in use after a full GC %d MiB, of -Xmx %d MiB%n", vcpus,
                (rt.totalMemory() - rt.freeMemory()) >> 20, rt.maxMemory() >> 20);
    }

    /** One MSI to vCPU 0 of a {@code vcpus}-vCPU VM, delivered and EOI'd, vCPU 0 halted again. */
    @Benchmark
    public long scale() {
        ops++;
        session.signalMsi(0, DeliveryVmx.VECTOR);
        return session.runFor(DeliveryVmx.STEP_NS);
    }
}
