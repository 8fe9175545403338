package org.kvmemu.api.apic;

import org.kvmemu.api.annotation.API;

/** APIC delivery modes (ICR / LVT / MSI bits 10:8), with the scenario names that select them. */
@API(status = API.Status.STABLE, since = "1")
public enum DeliveryMode {
    /** {@code APIC_DM_FIXED}. */
    FIXED(0x000, "fixed"),
    /** {@code APIC_DM_LOWEST}. */
    LOWEST(0x100, "lowest"),
    /** {@code APIC_DM_SMI}. */
    SMI(0x200, "smi"),
    /** {@code APIC_DM_REMRD}. */
    REMRD(0x300, "remrd"),
    /** {@code APIC_DM_NMI}. */
    NMI(0x400, "nmi"),
    /** {@code APIC_DM_INIT}. */
    INIT(0x500, "init"),
    /** {@code APIC_DM_STARTUP}. */
    STARTUP(0x600, "sipi"),
    /** {@code APIC_DM_EXTINT}. */
    EXTINT(0x700, "extint");

    /** {@link #values()} once: {@code values()} clones its array on every call (the hot path decodes MSIs). */
    private static final DeliveryMode[] BY_BITS = values();

    private final int bits;
    private final String scenarioName;

    DeliveryMode(int bits, String scenarioName) {
        this.bits = bits;
        this.scenarioName = scenarioName;
    }

    /** The mode's value in ICR bits 10:8 (e.g. 0x400 for NMI). */
    public int bits() {
        return bits;
    }

    /** The scenario keyword, e.g. {@code sipi} for STARTUP. */
    public String scenarioName() {
        return scenarioName;
    }

    /** Whether the mode needs a {@code vector=} argument in a scenario (fixed, lowest, sipi). */
    public boolean needsVector() {
        return this == FIXED || this == LOWEST || this == STARTUP;
    }

    /** The mode whose ICR bits are {@code bits & 0x700}. */
    public static DeliveryMode ofBits(int bits) {
        return BY_BITS[(bits & 0x700) >> 8];
    }
}
