package org.kvmemu.api.platform;

import org.kvmemu.api.annotation.API;

/** The host kernel's handler for one system vector (e.g. KVM's posted-interrupt wake-up handler on 0xf1). */
@API(status = API.Status.STABLE, since = "1")
public interface HostInterruptHandler {

    /** The handler's name as the trace shows it, e.g. {@code pi_wakeup_handler}. */
    String name();

    /** Handles {@code vector} on {@code cpu}, with host interrupts off. */
    void handle(PhysicalCpu cpu, int vector);
}
