package org.kvmemu.api.platform;

import org.kvmemu.api.annotation.API;
import org.kvmemu.api.sim.Simulator;
import org.kvmemu.api.trace.Tracer;

/** The simulated machine: its physical CPUs and the host's system-vector handlers. */
@API(status = API.Status.MAINTAINED, since = "1")
public final class Platform {

    private final PhysicalCpu[] cpus;
    private final HostInterruptHandler[] handlers = new HostInterruptHandler[256];
    private final Costs costs;

    /** {@code n} physical CPUs. */
    public Platform(int n, Simulator sim, Tracer trace, Costs costs) {
        this.costs = costs;
        this.cpus = new PhysicalCpu[n];
        for (int i = 0; i < n; i++) {
            cpus[i] = new PhysicalCpu(i, sim, trace, costs, handlers);
        }
        register(HostVectors.RESCHEDULE, named("reschedule_interrupt"));
        register(HostVectors.POSTED_INTR, named("kvm_posted_intr_ipi"));
        register(HostVectors.LOCAL_TIMER, new HostInterruptHandler() {
            @Override
            public String name() {
                return "local_apic_timer_interrupt";
            }

            @Override
            public void handle(PhysicalCpu cpu, int vector) {
                cpu.runExpiredTimers();
            }
        });
    }

    /** Physical CPU {@code id}. */
    public PhysicalCpu cpu(int id) {
        return cpus[id];
    }

    /** How many physical CPUs there are. */
    public int cpuCount() {
        return cpus.length;
    }

    /** The run's costs. */
    public Costs costs() {
        return costs;
    }

    /** The host handler installed for {@code vector}, or null. */
    public HostInterruptHandler handler(int vector) {
        return handlers[vector];
    }

    /** Installs the host handler for {@code vector} (replacing the default). */
    public void register(int vector, HostInterruptHandler handler) {
        handlers[vector] = handler;
    }

    private static HostInterruptHandler named(String name) {
        return new HostInterruptHandler() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void handle(PhysicalCpu cpu, int vector) {
                // the handler only acknowledges: its effect is the exit it caused or the wake-up KVM already did
            }
        };
    }
}
