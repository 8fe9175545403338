package org.kvmemu.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.kvmemu.api.scenario.InstalledPlugins;
import org.kvmemu.api.spi.BackendProvider;
import org.kvmemu.api.spi.GuestDriverProvider;
import org.kvmemu.api.spi.Plugin;

/**
 * The installed plugins: those of kvmemu's own module layer (the module path) and those of the
 * plugins folder, loaded into a layer of its own. A plugin that cannot be used is refused alone
 * ({@link #refused}) and everything else is installed: a bad jar or module of the folder, a
 * provider that fails to start or was built for another SPI version, and the second of two
 * plugins of one kind with the same name (the module path's come first, so a folder plugin never
 * displaces a built-in backend). A folder plugin refused for its name is refused before its
 * {@code create()} runs; a folder module none of whose providers started because of that is left
 * out, the folder loaded again without it (its providers' refusals kept), so that the folder's
 * other plugins do not find it when they look a backend up by name.
 */
final class PluginRegistry {

    private final List<PluginDescriptor> descriptors;
    private final SortedMap<String, BackendProvider> backends;
    private final SortedMap<String, GuestDriverProvider> guestDrivers;
    private final List<PluginRefusal> refused;

    private PluginRegistry(List<LoadedPlugin<BackendProvider>> backends,
                           List<LoadedPlugin<GuestDriverProvider>> guestDrivers, List<PluginRefusal> refused) {
        // The loaders refuse a second plugin of a name as they start it: each name here is one plugin's.
        this.descriptors = Stream.concat(backends.stream(), guestDrivers.stream())
                .map(LoadedPlugin::descriptor)
                .sorted(Comparator.comparing(PluginDescriptor::kind).thenComparing(PluginDescriptor::name))
                .toList();
        this.backends = byName(backends);
        this.guestDrivers = byName(guestDrivers);
        this.refused = List.copyOf(refused);
    }

    /**
     * Finds the plugins of {@code base} and its parents, then those of {@code folder}; what cannot
     * be used is refused, not thrown.
     *
     * @param base   kvmemu's own layer, the boot layer when kvmemu runs from its distribution
     * @param folder an existing plugins folder, if any
     */
    static PluginRegistry discover(ModuleLayer base, Optional<Path> folder) {
        List<PluginRefusal> refused = new ArrayList<>();
        Map<PluginKind, Map<String, String>> names = new EnumMap<>(PluginKind.class);
        PluginLoader own = PluginLoader.withParents(base, names);
        List<LoadedPlugin<BackendProvider>> backends = new ArrayList<>(own.backends());
        List<LoadedPlugin<GuestDriverProvider>> guestDrivers = new ArrayList<>(own.guestDrivers());
        refused.addAll(own.refused());
        folder.ifPresent(dir -> {
            Map<String, List<PluginRefusal>> excluded = new LinkedHashMap<>();
            while (true) {
                Map<PluginKind, Map<String, String>> folderNames = new EnumMap<>(PluginKind.class);
                names.forEach((kind, taken) -> folderNames.put(kind, new HashMap<>(taken)));
                PluginLayerLoader.FolderLayer loaded = PluginLayerLoader.load(dir, base, excluded);
                PluginLoader loader = PluginLoader.ownModulesOf(loaded.layer(), dir.toString(), folderNames);
                List<LoadedPlugin<BackendProvider>> folderBackends = loader.backends();
                List<LoadedPlugin<GuestDriverProvider>> folderDrivers = loader.guestDrivers();
                Map<String, List<PluginRefusal>> duplicates = loader.duplicateModules();
                if (duplicates.isEmpty()) {
                    refused.addAll(loaded.refused());
                    refused.addAll(loader.refused());
                    backends.addAll(folderBackends);
                    guestDrivers.addAll(folderDrivers);
                    return;
                }
                // Without the modules refused for their names, which the folder's other plugins
                // would otherwise still find with ServiceLoader.
                excluded.putAll(duplicates);
            }
        });
        return new PluginRegistry(backends, guestDrivers, refused);
    }

    /** Every installed plugin, backends first, each kind sorted by name. */
    List<PluginDescriptor> descriptors() {
        return descriptors;
    }

    /** The plugins found and refused, in the order they were found. */
    List<PluginRefusal> refused() {
        return refused;
    }

    /**
     * The backend called {@code name}.
     *
     * @throws InputException naming the installed backends when none is called {@code name}
     */
    BackendProvider backend(String name) {
        BackendProvider backend = backends.get(name);
        if (backend == null) {
            throw new InputException("no backend named '" + name + "'; "
                    + (backends.isEmpty() ? "no backends are installed"
                            : "installed backends: " + String.join(", ", backends.keySet())));
        }
        return backend;
    }

    /** The plugins a scenario may use, for the parser and the runner. */
    InstalledPlugins installed() {
        return new InstalledPlugins(backends, guestDrivers);
    }

    private static <P extends Plugin> SortedMap<String, P> byName(List<LoadedPlugin<P>> kept) {
        SortedMap<String, P> byName = new TreeMap<>();
        kept.forEach(plugin -> byName.put(plugin.descriptor().name(), plugin.provider()));
        return byName;
    }
}
