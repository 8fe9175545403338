package org.kvmemu.api.platform;

import org.kvmemu.api.annotation.API;

/** A host hrtimer pinned to a physical CPU: its callback runs from that CPU's local timer interrupt. */
@API(status = API.Status.MAINTAINED, since = "1")
public interface HostTimer {

    /** The callback's name, for the trace (e.g. {@code apic_timer_fn}). */
    String name();

    /** The hrtimer callback, with host interrupts off. */
    void expired();
}
