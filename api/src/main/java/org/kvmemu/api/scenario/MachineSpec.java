package org.kvmemu.api.scenario;

import org.kvmemu.api.spi.API;
import org.kvmemu.api.spi.VmType;

/**
 * The {@code machine} statement: backend, VM type, vCPU and physical-CPU counts, APICv, seed and
 * the LAPIC timer advance. Defaults as in the scenario language: {@code vm=default}, one vCPU,
 * one physical CPU per vCPU, {@code apicv=on}, {@code seed=0}, {@code timer-advance=0ns}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "1")
public record MachineSpec(String backend, VmType vm, int vcpus, int pcpus, boolean apicv, long seed,
                          long timerAdvanceNs, Location location) {

    /** The largest vCPU count a scenario may ask for (KVM_MAX_VCPUS on x86). */
    public static final int MAX_VCPUS = 4096;
}
