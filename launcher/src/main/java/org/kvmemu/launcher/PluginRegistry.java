package org.kvmemu.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
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
 * plugins folder, loaded into a layer of its own. Two plugins of one kind with the same name are
 * refused, naming both modules and locations.
 */
final class PluginRegistry {

    private final List<PluginDescriptor> descriptors;
    private final SortedMap<String, BackendProvider> backends;
    private final SortedMap<String, GuestDriverProvider> guestDrivers;

    private PluginRegistry(List<LoadedPlugin<BackendProvider>> backends,
                           List<LoadedPlugin<GuestDriverProvider>> guestDrivers) {
        this.descriptors = Stream.concat(backends.stream(), guestDrivers.stream())
                .map(LoadedPlugin::descriptor)
                .sorted(Comparator.comparing(PluginDescriptor::kind).thenComparing(PluginDescriptor::name))
                .toList();
        this.backends = byName(backends);
        this.guestDrivers = byName(guestDrivers);
    }

    /**
     * Finds the plugins of {@code base} and its parents, then those of {@code folder}.
     *
     * @param base   kvmemu's own layer, the boot layer when kvmemu runs from its distribution
     * @param folder an existing plugins folder, if any
     * @throws InputException when the folder holds an invalid module or two plugins share a name
     * @throws org.kvmemu.api.spi.PluginException when a plugin fails to start or was built for
     *         another SPI version
     */
    static PluginRegistry discover(ModuleLayer base, Optional<Path> folder) {
        List<PluginLoader> loaders = new ArrayList<>();
        loaders.add(PluginLoader.withParents(base));
        folder.ifPresent(dir -> loaders.add(PluginLoader.ownModulesOf(PluginLayerLoader.load(dir, base),
                dir.toString())));
        List<LoadedPlugin<BackendProvider>> backends = new ArrayList<>();
        List<LoadedPlugin<GuestDriverProvider>> guestDrivers = new ArrayList<>();
        for (PluginLoader loader : loaders) {
            backends.addAll(loader.backends());
            guestDrivers.addAll(loader.guestDrivers());
        }
        return new PluginRegistry(backends, guestDrivers);
    }

    /** Every installed plugin, backends first, each kind sorted by name. */
    List<PluginDescriptor> descriptors() {
        return descriptors;
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

    private static <P extends Plugin> SortedMap<String, P> byName(List<LoadedPlugin<P>> loaded) {
        Map<String, LoadedPlugin<P>> seen = new LinkedHashMap<>();
        SortedMap<String, P> byName = new TreeMap<>();
        for (LoadedPlugin<P> plugin : loaded) {
            PluginDescriptor descriptor = plugin.descriptor();
            LoadedPlugin<P> other = seen.putIfAbsent(descriptor.name(), plugin);
            if (other != null) {
                throw new InputException("two " + descriptor.kind().label() + " plugins are named '"
                        + descriptor.name() + "': " + other.descriptor().origin() + " and " + descriptor.origin());
            }
            byName.put(descriptor.name(), plugin.provider());
        }
        return byName;
    }
}
