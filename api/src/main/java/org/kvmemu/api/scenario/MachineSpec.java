package org.kvmemu.api.scenario;

import java.util.Map;
import org.kvmemu.api.annotation.API;
import org.kvmemu.api.spi.VmConfig;
import org.kvmemu.api.spi.VmType;

/**
 * The {@code machine} statement: backend, VM type, vCPU and physical-CPU counts, APICv, IPI
 * virtualization, seed, the LAPIC timer advance and halt polling. Defaults as in the scenario
 * language: {@code vm=default}, one vCPU, one physical CPU per vCPU, {@code apicv=on}, {@code seed=0},
 * {@code timer-advance=0ns}; and, additions to the language, {@code ipiv=off} and
 * {@code halt-poll=200us} ({@code halt_poll_ns}'s x86 default). {@code options}
 * are the backend-specific settings (such as {@code tdx-variant}), by name, handed to the backend
 * in the {@link VmConfig}.
 */
@API(status = API.Status.INTERNAL, since = "1")
public record MachineSpec(String backend, VmType vm, int vcpus, int pcpus, boolean apicv, boolean ipiv, long seed,
                          long timerAdvanceNs, long haltPollNs, Map<String, String> options, Location location) {

    /** The largest vCPU count a scenario may ask for (KVM_MAX_VCPUS on x86). */
    public static final int MAX_VCPUS = 4096;

    /** A machine without IPI virtualization, with the default halt polling. */
    public MachineSpec(String backend, VmType vm, int vcpus, int pcpus, boolean apicv, long seed,
                       long timerAdvanceNs, Location location) {
        this(backend, vm, vcpus, pcpus, apicv, false, seed, timerAdvanceNs, VmConfig.HALT_POLL_NS_DEFAULT, Map.of(),
                location);
    }

    /** Copies {@code options}. */
    public MachineSpec {
        options = Map.copyOf(options);
    }

    /** What KVM_CREATE_VM receives for this machine. */
    public VmConfig vmConfig() {
        return new VmConfig(vm, apicv, ipiv, timerAdvanceNs, haltPollNs, options);
    }

    /** This machine on another backend. */
    public MachineSpec withBackend(String name) {
        return new MachineSpec(name, vm, vcpus, pcpus, apicv, ipiv, seed, timerAdvanceNs, haltPollNs, options,
                location);
    }

    /** This machine with backend option {@code key} set to {@code value}. */
    public MachineSpec withOption(String key, String value) {
        Map<String, String> more = new java.util.LinkedHashMap<>(options);
        more.put(key, value);
        return new MachineSpec(backend, vm, vcpus, pcpus, apicv, ipiv, seed, timerAdvanceNs, haltPollNs, more,
                location);
    }

    /** This machine with APICv on or off. */
    public MachineSpec withApicv(boolean on) {
        return new MachineSpec(backend, vm, vcpus, pcpus, on, ipiv, seed, timerAdvanceNs, haltPollNs, options,
                location);
    }
}
