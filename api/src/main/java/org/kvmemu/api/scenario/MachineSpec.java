package org.kvmemu.api.scenario;

import org.kvmemu.api.annotation.API;
import org.kvmemu.api.spi.VmType;

/**
 * The {@code machine} statement: backend, VM type, vCPU and physical-CPU counts, APICv, IPI
 * virtualization, seed and the LAPIC timer advance. Defaults as in the scenario language:
 * {@code vm=default}, one vCPU, one physical CPU per vCPU, {@code apicv=on}, {@code seed=0},
 * {@code timer-advance=0ns}; and {@code ipiv=off} (an addition to the language).
 */
@API(status = API.Status.INTERNAL, since = "1")
public record MachineSpec(String backend, VmType vm, int vcpus, int pcpus, boolean apicv, boolean ipiv, long seed,
                          long timerAdvanceNs, Location location) {

    /** The largest vCPU count a scenario may ask for (KVM_MAX_VCPUS on x86). */
    public static final int MAX_VCPUS = 4096;

    /** A machine without IPI virtualization. */
    public MachineSpec(String backend, VmType vm, int vcpus, int pcpus, boolean apicv, long seed,
                       long timerAdvanceNs, Location location) {
        this(backend, vm, vcpus, pcpus, apicv, false, seed, timerAdvanceNs, location);
    }

    /** This machine on another backend. */
    public MachineSpec withBackend(String name) {
        return new MachineSpec(name, vm, vcpus, pcpus, apicv, ipiv, seed, timerAdvanceNs, location);
    }

    /** This machine with APICv on or off. */
    public MachineSpec withApicv(boolean on) {
        return new MachineSpec(backend, vm, vcpus, pcpus, on, ipiv, seed, timerAdvanceNs, location);
    }
}
