package org.kvmemu.api.spi;

import org.kvmemu.api.annotation.API;

/**
 * A plugin misbehaved or cannot be used (wrong SPI version, a required hook missing, a hook that
 * threw). The message is one line meant for the user and names the plugin.
 */
@API(status = API.Status.STABLE, since = "1")
public class PluginException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A failure described by {@code message}. */
    public PluginException(String message) {
        super(message);
    }

    /** A failure described by {@code message}, caused by {@code cause}. */
    public PluginException(String message, Throwable cause) {
        super(message, cause);
    }
}
