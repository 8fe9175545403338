package org.kvmemu.api.scenario;

import java.util.Set;
import java.util.SortedSet;
import org.kvmemu.api.spi.VmType;

/**
 * Checks the backend and guest-driver names of a scenario against what is installed.
 *
 * @param catalog the installed plugins
 */
record ParsePlugins(PluginCatalog catalog) {

    /** The VM types of backend {@code name}, which must be installed. */
    Set<VmType> backendVmTypes(ParseLine line, LexToken name) throws ScenarioException {
        return catalog.backendVmTypes(name.text()).orElseThrow(() -> line.error(name,
                "backend '" + name.text() + "' is not installed; installed: " + list(catalog.backendNames())));
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
