package org.kvmemu.api.scenario;

import org.kvmemu.api.annotation.API;

/** The {@code run [until=TIME] [max-events=N]} statement; default {@code run until=1s}. */
@API(status = API.Status.INTERNAL, since = "1")
public record RunSpec(long untilNs, long maxEvents, Location location) {

    /** {@code until} when the scenario has no run statement: 1 s. */
    public static final long DEFAULT_UNTIL_NS = 1_000_000_000L;
    /** {@code max-events} when not given: effectively unlimited. */
    public static final long DEFAULT_MAX_EVENTS = Long.MAX_VALUE;
}
