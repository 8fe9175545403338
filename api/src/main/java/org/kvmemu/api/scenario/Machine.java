package org.kvmemu.api.scenario;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.kvmemu.api.check.Violations;
import org.kvmemu.api.guest.GuestDriver;
import org.kvmemu.api.guest.Instruction;
import org.kvmemu.api.guest.program.GuestInterpreter;
import org.kvmemu.api.guest.program.Idt;
import org.kvmemu.api.kvm.Kvm;
import org.kvmemu.api.kvm.KvmVcpu;
import org.kvmemu.api.platform.Costs;
import org.kvmemu.api.platform.Platform;
import org.kvmemu.api.sim.SimEvent;
import org.kvmemu.api.sim.Simulator;
import org.kvmemu.api.spi.BackendProvider;
import org.kvmemu.api.spi.GuestDriverProvider;
import org.kvmemu.api.trace.Tracer;
import org.kvmemu.api.vmm.Vmm;

/**
 * One emulated machine built from a scenario: simulator, trace, platform, VM on the chosen backend,
 * guests with their programs and handlers, userspace, and the scenario's timed events.
 */
final class Machine {

    final Simulator sim;
    final Tracer trace;
    final Violations violations;
    final Kvm kvm;
    final Vmm vmm;
    final List<GuestInterpreter> guests = new ArrayList<>();

    Machine(Scenario s, long seed, BackendProvider backend, List<GuestDriver> drivers, Consumer<Tracer> traceSetup) {
        MachineSpec m = s.machine();
        sim = new Simulator(seed);
        trace = new Tracer(sim);
        traceSetup.accept(trace);
        violations = new Violations(trace);
        Costs costs = new Costs();
        Platform platform = new Platform(m.pcpus() + 1, sim, trace, costs);
        kvm = new Kvm(m.vm(), sim, trace, platform, m.apicv(), m.timerAdvanceNs());
        kvm.setEnableIpiv(m.ipiv());
        kvm.setOps(backend.name(), backend.create());
        kvm.enableSplitIrqchip();
        for (int i = 0; i < m.vcpus(); i++) {
            guests.add(new GuestInterpreter(i, program(s, drivers, i), idt(s, i), sim, trace, costs, violations));
        }
        kvm.createVcpus(guests, m.pcpus());
        vmm = new Vmm(kvm);
        schedule(s);
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
            sim.at(t.timeNs(), SimEvent.of(() -> happen(t.event())));
        }
    }

    private void happen(HostEvent e) {
        if (e instanceof HostEvent.IoctlInterrupt i) {
            vmm.ioctl(i.vcpu(), new Vmm.Ioctl("interrupt", i.vector()));
        } else if (e instanceof HostEvent.IoctlNmi n) {
            vmm.ioctl(n.vcpu(), new Vmm.Ioctl("nmi", 0));
        } else if (e instanceof HostEvent.IoctlSmi n) {
            vmm.ioctl(n.vcpu(), new Vmm.Ioctl("smi", 0));
        } else if (e instanceof HostEvent.IoctlSetGuestDebug d) {
            vmm.ioctl(d.vcpu(), new Vmm.Ioctl("set-guest-debug", d.blockIrq() ? 1 : 0));
        } else if (e instanceof HostEvent.IoctlGetLapic g) {
            vmm.ioctl(g.vcpu(), new Vmm.Ioctl("get-lapic", 0));
        } else if (e instanceof HostEvent.IoctlSetLapic g) {
            vmm.ioctl(g.vcpu(), new Vmm.Ioctl("set-lapic", 0));
        } else if (e instanceof HostEvent.EptViolation v) {
            guests.get(v.vcpu()).unmapDeliveryPage();
        } else if (e instanceof HostEvent.Msi msi) {
            vmm.signalMsi(Kvm.msiAddress(msi.dest()), Kvm.msiData(msi.vector(), msi.mode(), msi.levelTriggered()));
        } else if (e instanceof HostEvent.HostIrq h) {
            kvm.platform().cpu(h.pcpu()).raise(h.vector());
        } else if (e instanceof HostEvent.HostNmi h) {
            kvm.platform().cpu(h.pcpu()).raiseNmi();
        } else if (e instanceof HostEvent.HostSmi h) {
            kvm.platform().cpu(h.pcpu()).raiseSmi(h.msmi());
        } else if (e instanceof HostEvent.MachineCheck m) {
            kvm.vcpu(m.vcpu()).pcpu().raiseMachineCheck();
        } else if (e instanceof HostEvent.Exception x) {
            guests.get(x.vcpu()).raiseFault(x.vector());
        } else if (e instanceof HostEvent.Preempt p) {
            kvm.vcpu(p.vcpu()).preempt(p.forNs());
        }
    }

    /**
     * The invariants checked when the run ends: a vCPU still asleep although KVM would find an
     * event for it ({@code kvm_vcpu_has_events}) lost a wake-up.
     */
    void checkAtEnd() {
        for (int i = 0; i < kvm.vcpuCount(); i++) {
            KvmVcpu v = kvm.vcpu(i);
            if (v.thread() == KvmVcpu.ThreadState.BLOCKED && !v.wakeUpPending() && v.events().kvmVcpuHasEvents()) {
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
