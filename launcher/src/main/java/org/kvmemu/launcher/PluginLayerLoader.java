package org.kvmemu.launcher;

import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ResolutionException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Loads a plugins folder into one module layer over kvmemu's own: {@link ModuleFinder#of} on the
 * folder, {@link Configuration#resolveAndBind} on the parent configuration, one class loader for
 * the folder. Whatever the module system rejects (a broken jar, a missing dependency), a package in
 * two of the folder's modules, and a module that takes the name of one kvmemu already has become
 * one {@link InputException} "invalid plugin in DIR: …".
 */
final class PluginLayerLoader {

    private PluginLayerLoader() {
    }

    /** A layer, child of {@code parent}, holding every module in {@code folder}. */
    static ModuleLayer load(Path folder, ModuleLayer parent) {
        String invalid = "invalid plugin in " + folder + ": ";
        try {
            ModuleFinder finder = ModuleFinder.of(folder);
            List<ModuleReference> found = finder.findAll().stream()
                    .sorted(Comparator.comparing(reference -> reference.descriptor().name()))
                    .toList();
            refuseShadowing(found, parent, invalid);
            refuseSplitPackages(found, invalid);
            Set<String> roots = found.stream()
                    .map(reference -> reference.descriptor().name())
                    .collect(Collectors.toSet());
            Configuration configuration = parent.configuration().resolveAndBind(finder, ModuleFinder.of(), roots);
            return parent.defineModulesWithOneLoader(configuration, PluginLayerLoader.class.getClassLoader());
        } catch (FindException | ResolutionException | LayerInstantiationException e) {
            throw Messages.ioCause(e).map(io -> unreadable(folder, io, e))
                    .orElseGet(() -> new InputException(invalid + Messages.oneLine(e), e));
        }
    }

    /** The error for a plugins folder, or a jar in it, that cannot be read because of {@code io}. */
    static InputException unreadable(Path folder, IOException io, Throwable e) {
        String file = io instanceof FileSystemException f && f.getFile() != null ? f.getFile() : folder.toString();
        String what = Path.of(file).equals(folder) ? "plugin folder " : "plugin ";
        return new InputException("cannot read " + what + file + ": " + Messages.reason(io), e);
    }

    private static void refuseShadowing(List<ModuleReference> found, ModuleLayer parent, String invalid) {
        for (ModuleReference reference : found) {
            String name = reference.descriptor().name();
            Optional<Module> existing = parent.findModule(name);
            if (existing.isPresent()) {
                throw new InputException(invalid + "module " + name + " at " + ModuleLocations.of(reference)
                        + " has the name of a module kvmemu already has, at " + ModuleLocations.of(existing.get()));
            }
        }
    }

    private static void refuseSplitPackages(List<ModuleReference> found, String invalid) {
        Map<String, ModuleReference> owners = new HashMap<>();
        for (ModuleReference reference : found) {
            for (String pkg : reference.descriptor().packages().stream().sorted().toList()) {
                ModuleReference owner = owners.putIfAbsent(pkg, reference);
                if (owner != null) {
                    throw new InputException(invalid + "package " + pkg + " is in two modules: "
                            + owner.descriptor().name() + " at " + ModuleLocations.of(owner) + " and "
                            + reference.descriptor().name() + " at " + ModuleLocations.of(reference));
                }
            }
        }
    }
}
