package org.kvmemu.api.scenario;

import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import org.kvmemu.api.annotation.API;
import org.kvmemu.api.spi.Refusal;
import org.kvmemu.api.spi.VmConfig;
import org.kvmemu.api.spi.VmType;

/** What is installed, as the parser needs to know it to reject a scenario before it runs. */
@API(status = API.Status.INTERNAL, since = "1")
public interface PluginCatalog {

    /** Names of installed backends, sorted. */
    SortedSet<String> backendNames();

    /** The VM types backend {@code name} runs, or empty when it is not installed. */
    Optional<Set<VmType>> backendVmTypes(String name);

    /**
     * Why backend {@code name} refuses a VM configured as {@code config}, if it does
     * ({@link org.kvmemu.api.spi.BackendProvider#refuse}); empty when it runs it or is not installed.
     */
    default Optional<Refusal> backendRefusal(String name, VmConfig config) {
        return Optional.empty();
    }

    /** Names of installed guest drivers, sorted. */
    SortedSet<String> driverNames();

    /** The keys driver {@code name} accepts, or empty when it is not installed. */
    Optional<Set<String>> driverKeys(String name);
}
