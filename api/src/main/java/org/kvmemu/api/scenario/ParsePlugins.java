package org.kvmemu.api.scenario;

import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import org.kvmemu.api.spi.Refusal;
import org.kvmemu.api.spi.VmConfig;
import org.kvmemu.api.spi.VmType;

/**
 * Checks the backend and guest-driver names of a scenario against what is installed.
 *
 * @param catalog the installed plugins
 */
record ParsePlugins(PluginCatalog catalog) {

    /** The VM types of backend {@code name}, which must be installed. */
    Set<VmType> backendVmTypes(ParseLine line, LexToken name) throws ScenarioException {
        return catalog.backendVmTypes(name.text()).orElseThrow(() -> line.backendNotInstalled(name,
                "backend '" + name.text() + "' is not installed; installed: " + list(catalog.backendNames())));
    }

    /** Why backend {@code name} refuses {@code config}, if it does. */
    Optional<Refusal> backendRefusal(String name, VmConfig config) {
        return catalog.backendRefusal(name, config);
    }

    /** The keys of driver {@code name}, which must be installed. */
    Set<String> driverKeys(ParseLine line, LexToken name) throws ScenarioException {
        return catalog.driverKeys(name.text()).orElseThrow(() -> line.error(name,
                "driver '" + name.text() + "' is not installed; installed: " + list(catalog.driverNames())));
    }

    private static String list(SortedSet<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", names);
    }
}
