package org.kvmemu.api.guest;

import org.kvmemu.api.annotation.API;

/**
 * A guest driver's code on one vCPU: the interrupt handler it installs and the instructions it
 * carries out (event-notify.md §N.2). Created by {@link GuestDriver#vcpu} once per vCPU.
 */
@API(status = API.Status.MAINTAINED, since = "2")
public interface DriverCpu {

    /** Whether the driver's handler owns {@code vector} on this vCPU. */
    boolean handles(int vector);

    /**
     * The body of the driver's handler for a delivery of {@code vector}, run before the handler's
     * EOI (the delivery is already in the observation log).
     */
    void handle(int vector);

    /** The routine that carries out {@code insn}, or null when the instruction is not this driver's. */
    GuestRoutine routine(Instruction insn);
}
