package org.kvmemu.api.platform;

import org.kvmemu.api.annotation.API;

/** The host's fixed system vectors in Linux 6.16 (behaviour.md §G). */
@API(status = API.Status.STABLE, since = "1")
public final class HostVectors {
    /** NMI. */
    public static final int NMI = 2;
    /** {@code POSTED_INTR_NESTED_VECTOR}. */
    public static final int POSTED_INTR_NESTED = 0xf0;
    /** {@code POSTED_INTR_WAKEUP_VECTOR}. */
    public static final int POSTED_INTR_WAKEUP = 0xf1;
    /** {@code POSTED_INTR_VECTOR}. */
    public static final int POSTED_INTR = 0xf2;
    /** {@code RESCHEDULE_VECTOR}: what {@code kvm_vcpu_kick} sends to a CPU running a guest. */
    public static final int RESCHEDULE = 0xfd;
    /** The host's {@code LOCAL_TIMER_VECTOR}. */
    public static final int LOCAL_TIMER = 0xec;
    /** {@code SPURIOUS_APIC_VECTOR}. */
    public static final int SPURIOUS = 0xff;

    private HostVectors() {
    }
}
