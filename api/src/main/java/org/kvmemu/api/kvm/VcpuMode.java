package org.kvmemu.api.kvm;

import org.kvmemu.api.annotation.API;

/** {@code vcpu->mode}: whether a kick must send an IPI to get the vCPU out of guest mode. */
@API(status = API.Status.STABLE, since = "1")
public enum VcpuMode {
    /** Not in guest mode. */
    OUTSIDE_GUEST_MODE,
    /** Entering or in guest mode. */
    IN_GUEST_MODE,
    /** A kick already asked the vCPU to exit. */
    EXITING_GUEST_MODE
}
