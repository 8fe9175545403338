package org.kvmemu.api.scenario;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.kvmemu.api.annotation.API;
import org.kvmemu.api.spi.BackendProvider;
import org.kvmemu.api.spi.GuestDriverProvider;
import org.kvmemu.api.spi.Refusal;
import org.kvmemu.api.spi.VmConfig;
import org.kvmemu.api.spi.VmType;

/** The plugins a run may use, by name: what the launcher discovered and accepted. */
@API(status = API.Status.INTERNAL, since = "1")
public final class InstalledPlugins implements PluginCatalog {

    private final SortedMap<String, BackendProvider> backends;
    private final SortedMap<String, GuestDriverProvider> drivers;

    /** Plugins keyed by their names. */
    public InstalledPlugins(Map<String, BackendProvider> backends, Map<String, GuestDriverProvider> drivers) {
        this.backends = Collections.unmodifiableSortedMap(new TreeMap<>(backends));
        this.drivers = Collections.unmodifiableSortedMap(new TreeMap<>(drivers));
    }

    /** The backend called {@code name}, if installed. */
    public Optional<BackendProvider> backend(String name) {
        return Optional.ofNullable(backends.get(name));
    }

    /** The guest driver called {@code name}, if installed. */
    public Optional<GuestDriverProvider> driver(String name) {
        return Optional.ofNullable(drivers.get(name));
    }

    @Override
    public SortedSet<String> backendNames() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(backends.keySet()));
    }

    @Override
    public Optional<Set<VmType>> backendVmTypes(String name) {
        return backend(name).map(BackendProvider::vmTypes);
    }

    @Override
    public Optional<Refusal> backendRefusal(String name, VmConfig config) {
        return backend(name).flatMap(b -> b.refuse(config));
    }

    @Override
    public SortedSet<String> driverNames() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(drivers.keySet()));
    }

    @Override
    public Optional<Set<String>> driverKeys(String name) {
        return driver(name).map(GuestDriverProvider::keys);
    }
}
