package org.kvmemu.api.spi;

import java.util.Map;
import java.util.Set;
import org.kvmemu.api.annotation.API;
import org.kvmemu.api.guest.GuestDriver;

/**
 * A guest driver plugin: code that runs inside every vCPU's guest (e.g. the TD guest's
 * event-notify driver). Loaded by the scenario statement {@code guest driver=NAME key=value ...}.
 */
@API(status = API.Status.MAINTAINED, since = "1")
public interface GuestDriverProvider extends Plugin {

    /** Keys {@link #create} accepts; anything else is a scenario error at the key's column. */
    Set<String> keys();

    /**
     * A driver configured by the scenario's {@code key=value} arguments.
     *
     * @throws IllegalArgumentException with a one-line message when an argument is invalid
     */
    GuestDriver create(Map<String, String> args);
}
