package org.kvmemu.api.scenario;

import org.kvmemu.api.annotation.API;

/** An {@code at TIME EVENT ...} statement. */
@API(status = API.Status.INTERNAL, since = "1")
public record TimedEvent(long timeNs, HostEvent event, Location location) {
}
