package org.kvmemu.api.scenario;

import org.kvmemu.api.annotation.API;
import org.kvmemu.api.apic.DeliveryMode;
import org.kvmemu.api.guest.program.GuestInterpreter;
import org.kvmemu.api.guest.program.GuestLog;
import org.kvmemu.api.kvm.Kvm;
import org.kvmemu.api.sim.Simulator;
import org.kvmemu.api.vmm.VcpuIoctl;
import org.kvmemu.api.vmm.Vmm;

/**
 * A machine built from a scenario that the caller steps itself, instead of running it to the end
 * in one go: what benchmarks and (later) interleaving exploration drive. The scenario's own timed
 * events are scheduled as usual; {@link #signalMsi} and {@link #ioctlNmi} add more at the current time.
 */
@API(status = API.Status.INTERNAL, since = "1")
public final class Session {

    private static final Vmm.Ioctl KVM_NMI = new Vmm.Ioctl(VcpuIoctl.NMI, 0);

    private final Machine machine;

    Session(Machine machine) {
        this.machine = machine;
    }

    /** The simulator (its clock, the events fired). */
    public Simulator sim() {
        return machine.sim;
    }

    /** The VM. */
    public Kvm kvm() {
        return machine.kvm;
    }

    /** vCPU {@code vcpu}'s observation log. */
    public GuestLog log(int vcpu) {
        return machine.guests.get(vcpu).log();
    }

    /** vCPU {@code vcpu}'s guest state as the guest itself sees it (IF, halted, NMI blocking, SMM, TPR). */
    public GuestInterpreter.Observation observe(int vcpu) {
        return machine.guests.get(vcpu).observe();
    }

    /** A device's fixed, edge-triggered MSI of {@code vector} to APIC {@code dest}, now (KVM_SIGNAL_MSI). */
    public void signalMsi(int dest, int vector) {
        machine.vmm.signalMsi(Kvm.msiAddress(dest), Kvm.msiData(vector, DeliveryMode.FIXED, false));
    }

    /** KVM_NMI on vCPU {@code vcpu}, issued as userspace does (after kicking the vCPU out). */
    public void ioctlNmi(int vcpu) {
        machine.vmm.ioctl(vcpu, KVM_NMI);
    }

    /** Fires events for {@code ns} of virtual time (or until userspace stops the VM); returns the new time. */
    public long runFor(long ns) {
        machine.sim.run(machine.sim.now() + ns, Long.MAX_VALUE);
        return machine.sim.now();
    }
}
