package org.kvmemu.launcher;

import java.lang.module.ModuleReference;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/** Where a module came from, as users read it: a file path when it is a file. */
final class ModuleLocations {

    private ModuleLocations() {
    }

    /** The jar or folder {@code module} was loaded from. */
    static String of(Module module) {
        ModuleLayer layer = module.getLayer();
        if (layer == null) {
            return "unknown location";
        }
        return layer.configuration().findModule(module.getName())
                .map(resolved -> of(resolved.reference()))
                .orElse("unknown location");
    }

    /** The jar or folder {@code reference} points at. */
    static String of(ModuleReference reference) {
        return show(reference.location());
    }

    private static String show(Optional<URI> location) {
        return location
                .map(uri -> "file".equals(uri.getScheme()) ? Path.of(uri).toString() : uri.toString())
                .orElse("unknown location");
    }
}
