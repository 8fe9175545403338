package org.kvmemu.api.scenario;

import java.util.Map;
import org.kvmemu.api.annotation.API;

/** A {@code guest driver=NAME key=value ...} statement; {@code args} keeps the file's order. */
@API(status = API.Status.INTERNAL, since = "1")
public record DriverSpec(String name, Map<String, String> args, Location location) {
}
