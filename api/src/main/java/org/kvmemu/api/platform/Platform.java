package org.kvmemu.api.platform;

import org.kvmemu.api.annotation.API;
import org.kvmemu.api.invariant.Invariants;
import org.kvmemu.api.sim.Simulator;
import org.kvmemu.api.trace.Tracer;

/** The simulated machine: its physical CPUs and the host's system-vector handlers. */
@API(status = API.Status.MAINTAINED, since = "1")
public final class Platform {

    private final PhysicalCpu[] cpus;
    private final HostInterruptHandler[] handlers = new HostInterruptHandler[256];
    private final Costs costs;
    private final Invariants invariants;

    /** {@code n} physical CPUs, reporting broken invariants to {@code invariants}. */
    public Platform(int n, Simulator sim, Tracer trace, Costs costs, Invariants invariants) {
        this.costs = costs;
        this.invariants = invariants;
        this.cpus = new PhysicalCpu[n];
        for (int i = 0; i < n; i++) {
            cpus[i] = new PhysicalCpu(i, sim, trace, costs, handlers, invariants);
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

    /** Where hardware models and vendor code report broken invariants. */
    public Invariants invariants() {
        return invariants;
    }

    /** The run's costs. */
    public Costs costs() {
        return costs;
    }

    /** The host handler installed for {@code vector}, or null. */
    public HostInterruptHandler handler(int vector) {
        return handlers[vector];
    }

    /**
     * {@code kvm_set_posted_intr_wakeup_handler}: the one system vector a vendor module may take
     * over, {@link HostVectors#POSTED_INTR_WAKEUP}; the host owns the others.
     *
     * @throws IllegalStateException when another handler already has it
     */
    public void setPostedIntrWakeupHandler(HostInterruptHandler handler) {
        HostInterruptHandler installed = handlers[HostVectors.POSTED_INTR_WAKEUP];
        if (installed != null && installed != handler) {
            throw new IllegalStateException("the posted-interrupt wake-up vector already has handler "
                    + installed.name());
        }
        register(HostVectors.POSTED_INTR_WAKEUP, handler);
    }

    private void register(int vector, HostInterruptHandler handler) {
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
