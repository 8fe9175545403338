package org.kvmemu.api.kvm;

import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.kvmemu.api.check.Violations;
import org.kvmemu.api.guest.program.GuestInterpreter;
import org.kvmemu.api.guest.program.Idt;
import org.kvmemu.api.platform.Costs;
import org.kvmemu.api.platform.Platform;
import org.kvmemu.api.sim.Simulator;
import org.kvmemu.api.spi.VmConfig;
import org.kvmemu.api.spi.VmType;
import org.kvmemu.api.spi.X86Ops;
import org.kvmemu.api.trace.TracePoint;
import org.kvmemu.api.trace.TraceRecord;
import org.kvmemu.api.trace.TraceSink;
import org.kvmemu.api.trace.Tracer;
import org.kvmemu.api.vmm.DevKvm;

/** A VM with a mocked hook table, for testing generic KVM alone. */
final class KvmFixture {

    final Simulator sim = new Simulator(0);
    /** Every trace line the VM emitted, as text. */
    final List<String> lines = new ArrayList<>();
    final Tracer trace = new Tracer(sim, List.of(new TraceSink() {
        @Override
        public boolean wants(TracePoint point) {
            return true;
        }

        @Override
        public void accept(TraceRecord r) {
            lines.add(r.text().substring(r.text().indexOf(": ") + 2));
        }
    }));
    final X86Ops ops = mock(X86Ops.class);
    final Kvm kvm;
    private final List<VcpuFd> fds;

    KvmFixture(int vcpus, boolean apicv) {
        this(vcpus, apicv, Set.of());
    }

    /** A VM whose table has the optional hooks named in {@code optionalHooks} (and no other). */
    KvmFixture(int vcpus, boolean apicv, Set<String> optionalHooks) {
        when(ops.has(anyString())).thenAnswer(call -> optionalHooks.contains(call.<String>getArgument(0)));
        Costs costs = new Costs();
        Platform platform = new Platform(vcpus + 1, sim, trace, costs, new Violations(trace));
        when(ops.requiredApicvInhibits()).thenReturn(0x7fL);
        VmFd vm = DevKvm.createVm(VmConfig.of(VmType.DEFAULT, apicv, false, 0), sim, trace, platform, "mock", ops);
        kvm = vm.kvm();
        vm.enableSplitIrqchip();
        List<GuestInterpreter> guests = new ArrayList<>();
        for (int i = 0; i < vcpus; i++) {
            guests.add(new GuestInterpreter(i, List.of(), new Idt(), sim, trace, costs, new Violations(trace)));
        }
        fds = vm.createVcpus(guests, vcpus);
    }

    KvmVcpu vcpu(int id) {
        return kvm.vcpu(id);
    }

    /** Userspace's file descriptor of vCPU {@code id}, for its ioctls. */
    VcpuFd fd(int id) {
        return fds.get(id);
    }
}
