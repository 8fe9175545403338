package org.kvmemu.api.guest;

import org.kvmemu.api.annotation.API;

/**
 * Guest kernel code a {@link org.kvmemu.api.spi.GuestDriverProvider} adds to every vCPU's guest
 * (as a driver's init and interrupt handler in the TD guest kernel).
 */
@API(status = API.Status.MAINTAINED, since = "1")
public interface GuestDriver {

    /** Instructions the guest runs at boot on each vCPU, before its scenario program. */
    default java.util.List<Instruction> bootInstructions(int vcpu) {
        return java.util.List.of();
    }
}
