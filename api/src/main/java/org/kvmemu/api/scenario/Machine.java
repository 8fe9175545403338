package org.kvmemu.api.scenario;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.kvmemu.api.check.Violations;
import org.kvmemu.api.guest.GuestDriver;
import org.kvmemu.api.guest.GuestMemory;
import org.kvmemu.api.guest.Instruction;
import org.kvmemu.api.guest.program.GuestInterpreter;
import org.kvmemu.api.guest.program.Idt;
import org.kvmemu.api.kvm.Kvm;
import org.kvmemu.api.kvm.KvmVcpu;
import org.kvmemu.api.kvm.VcpuFd;
import org.kvmemu.api.kvm.VmFd;
import org.kvmemu.api.platform.Costs;
import org.kvmemu.api.platform.HostVectors;
import org.kvmemu.api.platform.Platform;
import org.kvmemu.api.sim.SimEvent;
import org.kvmemu.api.sim.Simulator;
import org.kvmemu.api.spi.BackendProvider;
import org.kvmemu.api.spi.GuestDriverProvider;
import org.kvmemu.api.trace.TraceSink;
import org.kvmemu.api.trace.Tracer;
import org.kvmemu.api.vmm.DevKvm;
import org.kvmemu.api.vmm.Vmm;

/**
 * One emulated machine built from a scenario: simulator, trace, platform, VM on the chosen backend,
 * guests with their programs and handlers, userspace, and the scenario's timed events, each of which
 * {@linkplain HostEvent#happen happens} at its time. The machine alone holds the VM's and vCPUs'
 * file descriptors.
 */
final class Machine {

    final Simulator sim;
    final Tracer trace;
    private final List<TraceSink> sinks;
    final Violations violations;
    final Kvm kvm;
    final List<VcpuFd> vcpus;
    final Vmm vmm;
    final List<GuestInterpreter> guests = new ArrayList<>();
    /** The guest's memory, which the guests and userspace share. */
    final GuestMemory memory = new GuestMemory();

    Machine(Scenario s, long seed, BackendProvider backend, List<GuestDriver> drivers, List<TraceSink> sinks) {
        MachineSpec m = s.machine();
        sim = new Simulator(seed);
        this.sinks = List.copyOf(sinks);
        trace = new Tracer(sim, this.sinks);
        violations = new Violations(trace);
        Costs costs = new Costs();
        Platform platform = new Platform(m.pcpus() + 1, sim, trace, costs, violations);
        VmFd vm = DevKvm.createVm(m.vmConfig(), sim, trace, platform, backend.name(), backend.create());
        kvm = vm.kvm();
        vm.enableSplitIrqchip();
        for (int i = 0; i < m.vcpus(); i++) {
            guests.add(new GuestInterpreter(i, program(s, drivers, i), idt(s, i), sim, trace, costs, violations));
        }
        for (GuestInterpreter g : guests) {
            g.connect(memory, guests);
            drivers.forEach(g::addDriver);
        }
        vcpus = vm.createVcpus(guests, m.pcpus());
        vmm = new Vmm(vm, vcpus);
        vmm.extend(memory, violations, backend::userspace);
        schedule(s);
    }

    /** Tells every trace sink that the run is over, now. */
    void finishTrace() {
        for (TraceSink sink : sinks) {
            sink.finish(sim.now());
        }
    }

    private static List<Instruction> program(Scenario s, List<GuestDriver> drivers, int vcpu) {
        List<Instruction> all = new ArrayList<>();
        for (GuestDriver d : drivers) {
            all.addAll(d.bootInstructions(vcpu));
        }
        s.programs().stream().filter(p -> p.vcpu() == vcpu).findFirst().ifPresentOrElse(
                p -> all.addAll(p.instructions()),
                () -> {
                    all.add(new Instruction.Sti());
                    all.add(new Instruction.Hlt());
                });
        return all;
    }

    private static Idt idt(Scenario s, int vcpu) {
        Idt idt = new Idt();
        for (HandlerSpec h : s.handlers()) {
            if (h.vcpu() == HandlerSpec.ALL_VCPUS || h.vcpu() == vcpu) {
                int slot = h.vector() == HandlerSpec.NMI ? Idt.NMI : h.vector() == HandlerSpec.MC ? Idt.MC : h.vector();
                idt.set(slot, h.spinNs(), h.eoi(), h.mark());
            }
        }
        return idt;
    }

    private void schedule(Scenario s) {
        sim.at(0, SimEvent.of(vmm::start));
        List<TimedEvent> events = new ArrayList<>(s.events());
        events.sort(Comparator.comparingLong(TimedEvent::timeNs));
        for (TimedEvent t : events) {
            sim.at(t.timeNs(), SimEvent.of(() -> t.event().happen(this)));
        }
    }

    /**
     * The invariants checked when the run ends: a vCPU still asleep although KVM would find an
     * event for it ({@code kvm_vcpu_has_events}) lost a wake-up, unless one is on its way (a
     * kick's, or the posted-interrupt wake-up vector in flight to its physical CPU).
     */
    void checkAtEnd() {
        for (int i = 0; i < kvm.vcpuCount(); i++) {
            KvmVcpu v = kvm.vcpu(i);
            boolean wakeUpOnItsWay = v.wakeUpPending() || v.pcpu().isIncoming(HostVectors.POSTED_INTR_WAKEUP);
            if (v.thread() == KvmVcpu.ThreadState.BLOCKED && !wakeUpOnItsWay && v.hasEvents()) {
                violations.record(Violations.LOST_INTERRUPT, "vcpu " + i + " still blocked with a pending event",
                        v.task(), v.cpu());
            }
        }
    }

    static List<GuestDriver> drivers(Scenario s, InstalledPlugins plugins) {
        List<GuestDriver> out = new ArrayList<>();
        for (DriverSpec d : s.drivers()) {
            GuestDriverProvider p = plugins.driver(d.name()).orElseThrow();
            out.add(p.create(d.args()));
        }
        return out;
    }
}
