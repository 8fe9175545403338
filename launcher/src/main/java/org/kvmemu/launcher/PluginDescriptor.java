package org.kvmemu.launcher;

import java.util.List;
import org.kvmemu.api.spi.VmType;

/**
 * What kvmemu knows about one installed plugin: what the plugin says about itself and where the
 * launcher found it.
 *
 * @param version     the module descriptor's version, or {@code unversioned}
 * @param location    the jar or folder the module came from
 * @param vmTypes     the VM types a backend runs, in declaration order; empty for other kinds
 * @param description the plugin's one-line description, possibly empty
 */
record PluginDescriptor(PluginKind kind, String name, String module, String version, String location,
                        List<VmType> vmTypes, String description) {

    /** {@code module M at LOCATION}, to tell users which jar a message is about. */
    String origin() {
        return "module " + module + " at " + location;
    }
}
