package org.kvmemu.api.spi;

import org.kvmemu.api.annotation.API;

/**
 * The version of the plugin SPI this {@code api} module implements. Every plugin states the SPI
 * version it was built for ({@link Plugin#spiVersion()}); the launcher refuses a plugin whose
 * version differs, with "plugin X was built for SPI a, this is b".
 */
@API(status = API.Status.STABLE, since = "1")
public final class SpiVersion {

    /** The SPI version of this build. */
    public static final int CURRENT = 2;

    private SpiVersion() {
    }
}
