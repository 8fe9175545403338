package org.kvmemu.guest.tdx;

/** How the driver learns that a Quote is ready (event-notify.md §N.2). */
enum EventNotifyMode {
    /** Upstream Linux since 6.7: no handler, no SetupEventNotifyInterrupt; quote-wait polls every second. */
    POLLING("polling"),
    /** The v8 patch: system vector V reserved on every CPU, set up once from the BSP. */
    VECTOR("vector"),
    /** The review's proposal: one vector on one CPU, named to the VMM by its APIC ID. */
    APIC_ID("apic-id");

    private final String scenarioName;

    EventNotifyMode(String scenarioName) {
        this.scenarioName = scenarioName;
    }

    /** The mode called {@code name} in a scenario. */
    static EventNotifyMode named(String name) {
        for (EventNotifyMode m : values()) {
            if (m.scenarioName.equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("bad mode '" + name + "' (expected: vector, apic-id, polling)");
    }
}
