package org.kvmemu.api.guest;

import java.util.List;
import org.kvmemu.api.annotation.API;

/**
 * Guest kernel code a {@link org.kvmemu.api.spi.GuestDriverProvider} adds to every vCPU's guest
 * (as a driver's init and interrupt handler in the TD guest kernel).
 */
@API(status = API.Status.MAINTAINED, since = "1")
public interface GuestDriver {

    /** Instructions the guest runs at boot on each vCPU, before its scenario program. */
    default List<Instruction> bootInstructions(int vcpu) {
        return List.of();
    }

    /**
     * The driver's handler and instructions on the vCPU {@code kernel} runs, or null when it has
     * none; asked once per vCPU, in vCPU order, before the guest runs.
     */
    default DriverCpu vcpu(GuestKernel kernel) {
        return null;
    }
}
