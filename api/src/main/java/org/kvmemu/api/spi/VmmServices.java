package org.kvmemu.api.spi;

import org.kvmemu.api.annotation.API;
import org.kvmemu.api.guest.GuestMemory;
import org.kvmemu.api.invariant.Invariants;
import org.kvmemu.api.kvm.Kvm;

/**
 * What userspace offers a plugin's {@link UserspaceExitHandler}: the VM (its clock and trace), the
 * guest's memory as userspace maps it, KVM_SIGNAL_MSI from the I/O thread, and the invariant
 * checker (event-notify.md §N.3).
 */
@API(status = API.Status.MAINTAINED, since = "2")
public interface VmmServices {

    /** The VM. */
    Kvm kvm();

    /** The guest's memory (a TD's shared pages are the ones userspace may touch). */
    GuestMemory memory();

    /** KVM_SIGNAL_MSI from the I/O thread, as a device's MSI. */
    void signalMsi(long address, long data);

    /** Where broken invariants are reported. */
    Invariants invariants();
}
