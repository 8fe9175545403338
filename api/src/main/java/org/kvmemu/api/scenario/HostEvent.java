package org.kvmemu.api.scenario;

import org.kvmemu.api.apic.DeliveryMode;
import org.kvmemu.api.annotation.API;

/** The host, userspace and device events of {@code at TIME EVENT}. */
@API(status = API.Status.EXPERIMENTAL, since = "1")
public sealed interface HostEvent {

    /** {@code ioctl interrupt vcpu=ID vector=V}: KVM_INTERRUPT. */
    record IoctlInterrupt(int vcpu, int vector) implements HostEvent {
    }

    /** {@code ioctl nmi vcpu=ID}: KVM_NMI. */
    record IoctlNmi(int vcpu) implements HostEvent {
    }

    /** {@code ioctl smi vcpu=ID}: KVM_SMI. */
    record IoctlSmi(int vcpu) implements HostEvent {
    }

    /** {@code ioctl get-lapic vcpu=ID}: KVM_GET_LAPIC (an addition to the scenario language). */
    record IoctlGetLapic(int vcpu) implements HostEvent {
    }

    /** {@code ioctl set-lapic vcpu=ID}: KVM_SET_LAPIC of the state the last KVM_GET_LAPIC read (an addition). */
    record IoctlSetLapic(int vcpu) implements HostEvent {
    }

    /**
     * {@code ioctl set-guest-debug vcpu=ID [blockirq=yes|no]} (an addition): KVM_SET_GUEST_DEBUG,
     * with or without {@code KVM_GUESTDBG_BLOCKIRQ}.
     */
    record IoctlSetGuestDebug(int vcpu, boolean blockIrq) implements HostEvent {
    }

    /** {@code msi dest=APICID [vector=V] [mode=...] [trigger=edge|level]}: KVM_SIGNAL_MSI. */
    record Msi(int dest, int vector, DeliveryMode mode, boolean levelTriggered) implements HostEvent {
    }

    /** {@code host-irq pcpu=ID vector=V}. */
    record HostIrq(int pcpu, int vector) implements HostEvent {
    }

    /** {@code host-nmi pcpu=ID}. */
    record HostNmi(int pcpu) implements HostEvent {
    }

    /** {@code host-smi pcpu=ID [msmi=yes]}. */
    record HostSmi(int pcpu, boolean msmi) implements HostEvent {
    }

    /** {@code machine-check vcpu=ID}. */
    record MachineCheck(int vcpu) implements HostEvent {
    }

    /** {@code exception vcpu=ID vector=V}. */
    record Exception(int vcpu, int vector) implements HostEvent {
    }

    /**
     * {@code ept-violation vcpu=ID} (an addition): the next event the CPU delivers into the vCPU at
     * VM entry touches a guest page whose EPT mapping is gone (the IDT or the stack), so delivery
     * exits with EPT_VIOLATION and IDT-vectoring information.
     */
    record EptViolation(int vcpu) implements HostEvent {
    }

    /** {@code preempt vcpu=ID for=DUR}. */
    record Preempt(int vcpu, long forNs) implements HostEvent {
    }
}
