package org.kvmemu.api.spi;

import org.kvmemu.api.annotation.API;

/**
 * What every kvmemu plugin says about itself. The launcher adds the module, version and location
 * it found the plugin at; names must be unique across all installed plugins of one kind.
 */
@API(status = API.Status.STABLE, since = "1")
public interface Plugin {

    /** The name users select the plugin by, e.g. {@code vmx}; lower case, no spaces. */
    String name();

    /** The SPI version the plugin was built for: return {@link SpiVersion#CURRENT} as compiled. */
    int spiVersion();

    /** One line for {@code kvmemu list}. */
    default String description() {
        return "";
    }
}
