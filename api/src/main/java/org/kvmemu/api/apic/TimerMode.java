package org.kvmemu.api.apic;

import org.kvmemu.api.annotation.API;

/** LVT timer modes (LVTT bits 18:17), with the scenario names that select them. */
@API(status = API.Status.STABLE, since = "2")
public enum TimerMode {
    /** One-shot (0). */
    ONESHOT("oneshot", 0),
    /** Periodic (1). */
    PERIODIC("periodic", 1),
    /** TSC-deadline (2). */
    TSC_DEADLINE("tsc-deadline", 2);

    private final String scenarioName;
    private final int lvttMode;

    TimerMode(String scenarioName, int lvttMode) {
        this.scenarioName = scenarioName;
        this.lvttMode = lvttMode;
    }

    /** The scenario keyword. */
    public String scenarioName() {
        return scenarioName;
    }

    /** The value of LVTT bits 18:17. */
    public int lvttMode() {
        return lvttMode;
    }
}
