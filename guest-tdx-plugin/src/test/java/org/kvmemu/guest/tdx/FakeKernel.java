package org.kvmemu.guest.tdx;

import java.util.ArrayList;
import java.util.List;
import org.kvmemu.api.guest.GuestKernel;
import org.kvmemu.api.guest.GuestMemory;
import org.kvmemu.api.guest.TdvmcallRegisters;
import org.kvmemu.api.invariant.Invariants;
import org.kvmemu.api.sim.Simulator;
import org.kvmemu.api.trace.Tracer;

/** A guest kernel for one vCPU whose clock the test sets, recording what the driver reports. */
final class FakeKernel implements GuestKernel {

    final GuestMemory memory;
    final int vcpu;
    long now;
    final List<Integer> results = new ArrayList<>();
    final List<Long> bytes = new ArrayList<>();
    final List<String> violations = new ArrayList<>();
    final List<Integer> woken = new ArrayList<>();
    TdvmcallRegisters lastCall;
    boolean ifSet;
    private final Tracer trace = new Tracer(new Simulator(1), List.of());

    FakeKernel(GuestMemory memory, int vcpu) {
        this.memory = memory;
        this.vcpu = vcpu;
    }

    @Override
    public int vcpu() {
        return vcpu;
    }

    @Override
    public long now() {
        return now;
    }

    @Override
    public GuestMemory memory() {
        return memory;
    }

    @Override
    public Tracer trace() {
        return trace;
    }

    @Override
    public String task() {
        return "guest" + vcpu;
    }

    @Override
    public int cpu() {
        return vcpu;
    }

    @Override
    public Invariants invariants() {
        return (name, detail, task, cpu) -> violations.add(name);
    }

    @Override
    public void tdvmcall(String name, TdvmcallRegisters regs) {
        lastCall = regs;
    }

    @Override
    public void sti() {
        ifSet = true;
    }

    @Override
    public void wake(int target) {
        woken.add(target);
    }

    @Override
    public void quoteResult(int result, long n) {
        results.add(result);
        bytes.add(n);
    }

    @Override
    public void notified() {
        // counted by the guest log in a real run
    }
}
