package org.kvmemu.api.spi;

import java.util.Objects;
import org.kvmemu.api.annotation.API;

/**
 * Why a backend cannot run a VM as configured, before anything runs (as KVM_CREATE_VM or a module
 * parameter check would fail). The scenario parser reports it at the {@code machine} key it names.
 *
 * @param key     the scenario key the refusal is about (for example {@code apicv}), or
 *                {@code backend} for the machine as a whole
 * @param message what is wrong, for the user (for example "TDX needs APICv")
 */
@API(status = API.Status.STABLE, since = "2")
public record Refusal(String key, String message) {

    /** Both parts are required. */
    public Refusal {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(message, "message");
    }
}
