package org.kvmemu.api.scenario;

import org.kvmemu.api.annotation.API;
import org.kvmemu.api.apic.DeliveryMode;
import org.kvmemu.api.kvm.Kvm;
import org.kvmemu.api.vmm.VcpuIoctl;
import org.kvmemu.api.vmm.Vmm;

/**
 * The host, userspace and device events of {@code at TIME EVENT}. Each kind knows what it does to
 * the running machine ({@link #happen}); {@link ParseEvent} holds the one table of their names and
 * parsers, so that a kind the parser makes always has an action.
 */
@API(status = API.Status.INTERNAL, since = "1")
public sealed interface HostEvent {

    /** Makes the event happen on {@code machine}, now. */
    void happen(Machine machine);

    /**
     * {@code ioctl KIND vcpu=ID ...}: userspace issues {@code kind} on the vCPU, kicking it out of
     * KVM_RUN first; {@code arg} is the vector of KVM_INTERRUPT and 1 for KVM_SET_GUEST_DEBUG with
     * {@code blockirq=yes}.
     */
    record Ioctl(int vcpu, VcpuIoctl kind, int arg) implements HostEvent {
        @Override
        public void happen(Machine machine) {
            machine.vmm.ioctl(vcpu, new Vmm.Ioctl(kind, arg));
        }
    }

    /**
     * {@code ioapic-irq pin=N dest=APICID vector=V [trigger=edge|level]}: a device raises a pin of
     * userspace's I/O APIC (KVM_SET_GSI_ROUTING, KVM_IRQ_LINE).
     */
    record IoapicIrq(int pin, int dest, int vector, boolean levelTriggered) implements HostEvent {
        @Override
        public void happen(Machine machine) {
            machine.vmm.ioapicIrq(pin, dest, vector, levelTriggered);
        }
    }

    /** {@code msi dest=APICID [vector=V] [mode=...] [trigger=edge|level]}: KVM_SIGNAL_MSI. */
    record Msi(int dest, int vector, DeliveryMode mode, boolean levelTriggered) implements HostEvent {
        @Override
        public void happen(Machine machine) {
            machine.vmm.signalMsi(Kvm.msiAddress(dest), Kvm.msiData(vector, mode, levelTriggered));
        }
    }

    /** {@code host-irq pcpu=ID vector=V}. */
    record HostIrq(int pcpu, int vector) implements HostEvent {
        @Override
        public void happen(Machine machine) {
            machine.kvm.platform().cpu(pcpu).raise(vector);
        }
    }

    /** {@code host-nmi pcpu=ID}. */
    record HostNmi(int pcpu) implements HostEvent {
        @Override
        public void happen(Machine machine) {
            machine.kvm.platform().cpu(pcpu).raiseNmi();
        }
    }

    /** {@code host-smi pcpu=ID [msmi=yes]}. */
    record HostSmi(int pcpu, boolean msmi) implements HostEvent {
        @Override
        public void happen(Machine machine) {
            machine.kvm.platform().cpu(pcpu).raiseSmi(msmi);
        }
    }

    /** {@code machine-check vcpu=ID}: on the physical CPU the vCPU runs on. */
    record MachineCheck(int vcpu) implements HostEvent {
        @Override
        public void happen(Machine machine) {
            machine.kvm.vcpu(vcpu).pcpu().raiseMachineCheck();
        }
    }

    /** {@code exception vcpu=ID vector=V}: the guest's next instruction faults with V. */
    record Exception(int vcpu, int vector) implements HostEvent {
        @Override
        public void happen(Machine machine) {
            machine.guests.get(vcpu).raiseFault(vector);
        }
    }

    /**
     * {@code ept-violation vcpu=ID} (an addition): the next event the CPU delivers into the vCPU at
     * VM entry touches a guest page whose EPT mapping is gone (the IDT or the stack), so delivery
     * exits with EPT_VIOLATION and IDT-vectoring information.
     */
    record EptViolation(int vcpu) implements HostEvent {
        @Override
        public void happen(Machine machine) {
            machine.guests.get(vcpu).unmapDeliveryPage();
        }
    }

    /** {@code preempt vcpu=ID for=DUR}: the host scheduler takes the vCPU's thread off its CPU. */
    record Preempt(int vcpu, long forNs) implements HostEvent {
        @Override
        public void happen(Machine machine) {
            machine.vcpus.get(vcpu).preempt(forNs);
        }
    }
}
