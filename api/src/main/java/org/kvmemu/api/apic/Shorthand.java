package org.kvmemu.api.apic;

import org.kvmemu.api.annotation.API;

/** ICR destination shorthand (bits 19:18), with the scenario names that select them. */
@API(status = API.Status.STABLE, since = "2")
public enum Shorthand {
    /** No shorthand: the destination field is used. */
    NONE("none"),
    /** The sender itself. */
    SELF("self"),
    /** All including self. */
    ALL("all"),
    /** All excluding self. */
    OTHERS("others");

    private static final Shorthand[] BY_BITS = values();

    private final String scenarioName;

    Shorthand(String scenarioName) {
        this.scenarioName = scenarioName;
    }

    /** The shorthand of ICR bits 19:18 in {@code icrLow}. */
    public static Shorthand ofIcr(int icrLow) {
        return BY_BITS[(icrLow >> 18) & 3];
    }

    /** The scenario keyword. */
    public String scenarioName() {
        return scenarioName;
    }
}
