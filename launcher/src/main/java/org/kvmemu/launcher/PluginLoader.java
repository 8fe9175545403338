package org.kvmemu.launcher;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.kvmemu.api.spi.BackendProvider;
import org.kvmemu.api.spi.GuestDriverProvider;
import org.kvmemu.api.spi.OpsCheck;
import org.kvmemu.api.spi.Plugin;
import org.kvmemu.api.spi.PluginException;
import org.kvmemu.api.spi.SpiVersion;
import org.kvmemu.api.spi.VmType;
import org.kvmemu.api.spi.X86Ops;

/**
 * Finds the providers of one module layer with {@link ServiceLoader}, starts them and checks what
 * they say about themselves. Each failure refuses that provider alone ({@link #refused}): one that
 * throws while starting, one built for another SPI version, one with a name users cannot type, and
 * a backend whose hook table lacks a required hook ({@link OpsCheck}, as {@code kvm_ops_update}
 * checks a vendor's table when its module loads).
 */
final class PluginLoader {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    private final ModuleLayer layer;
    private final Predicate<Module> keep;
    private final String origin;
    private final List<PluginRefusal> refused = new ArrayList<>();

    private PluginLoader(ModuleLayer layer, Predicate<Module> keep, String origin) {
        this.layer = layer;
        this.keep = keep;
        this.origin = origin;
    }

    /** Loads the providers of {@code layer} and of its parents (the boot layer's, usually). */
    static PluginLoader withParents(ModuleLayer layer) {
        return new PluginLoader(layer, module -> true, "on the module path");
    }

    /**
     * Loads only the providers whose module is in {@code layer} itself: {@link ServiceLoader} also
     * returns the parents', which are loaded once already.
     *
     * @param folder the folder the layer was made from, for messages
     */
    static PluginLoader ownModulesOf(ModuleLayer layer, String folder) {
        return new PluginLoader(layer, module -> module.getLayer() == layer, "in " + folder);
    }

    /** The backends found, in module order. */
    List<LoadedPlugin<BackendProvider>> backends() {
        return load(BackendProvider.class, PluginKind.BACKEND);
    }

    /** The guest drivers found, in module order. */
    List<LoadedPlugin<GuestDriverProvider>> guestDrivers() {
        return load(GuestDriverProvider.class, PluginKind.GUEST_DRIVER);
    }

    private <P extends Plugin> List<LoadedPlugin<P>> load(Class<P> service, PluginKind kind) {
        List<ServiceLoader.Provider<P>> providers;
        try {
            providers = ServiceLoader.load(layer, service).stream()
                    .filter(provider -> keep.test(provider.type().getModule()))
                    .sorted(Comparator.comparing((ServiceLoader.Provider<P> p) -> p.type().getModule().getName())
                            .thenComparing(p -> p.type().getName()))
                    .toList();
        } catch (ServiceConfigurationError e) {
            refused.add(new PluginRefusal("invalid plugin " + origin + ": " + Messages.oneLine(e), e));
            return List.of();
        }
        List<LoadedPlugin<P>> loaded = new ArrayList<>();
        for (ServiceLoader.Provider<P> provider : providers) {
            try {
                loaded.add(start(provider, kind));
            } catch (PluginException e) {
                refused.add(new PluginRefusal(e.getMessage(), e));
            }
        }
        return loaded;
    }

    /** The plugins refused so far: a provider that failed to start or was built for another SPI, a bad table. */
    List<PluginRefusal> refused() {
        return List.copyOf(refused);
    }

    private static <P extends Plugin> LoadedPlugin<P> start(ServiceLoader.Provider<P> provider, PluginKind kind) {
        Class<? extends P> type = provider.type();
        Module module = type.getModule();
        String where = "module " + module.getName() + " at " + ModuleLocations.of(module);
        P plugin = guarded(type, where, provider::get);
        String name = guarded(type, where, plugin::name);
        int spi = guarded(type, where, plugin::spiVersion);
        if (spi != SpiVersion.CURRENT) {
            throw new PluginException("plugin " + name + " was built for SPI " + spi + ", this is "
                    + SpiVersion.CURRENT + " (" + where + ")");
        }
        if (name == null || !NAME.matcher(name).matches()) {
            throw new PluginException("plugin " + type.getName() + " (" + where + ") has an invalid name '" + name
                    + "': use lower-case letters, digits, '.', '_' and '-'");
        }
        if (plugin instanceof BackendProvider backend) {
            checkHookTable(type, where, name, backend);
        }
        String description = guarded(type, where, plugin::description);
        List<VmType> vmTypes = plugin instanceof BackendProvider backend
                ? guarded(type, where, () -> backend.vmTypes().stream().sorted().toList())
                : List.of();
        String version = module.getDescriptor().rawVersion().orElse("unversioned");
        PluginDescriptor descriptor = new PluginDescriptor(kind, name, module.getName(), version,
                ModuleLocations.of(module), vmTypes, description == null ? "" : description.strip());
        return new LoadedPlugin<>(descriptor, plugin);
    }

    /**
     * {@code kvm_ops_update}: a fresh table of {@code backend} must implement every required hook;
     * all that are missing are named at once.
     */
    private static void checkHookTable(Class<?> type, String where, String name, BackendProvider backend) {
        X86Ops table = guarded(type, where, backend::create);
        List<String> missing = guarded(type, where, () -> OpsCheck.missingRequired(table));
        if (!missing.isEmpty()) {
            throw new PluginException("plugin '" + name + "' lacks required kvm_x86_ops hooks: "
                    + String.join(", ", missing) + " (" + where + ")");
        }
    }

    private static <T> T guarded(Class<?> type, String where, Supplier<T> step) {
        try {
            return step.get();
        } catch (ServiceConfigurationError e) {
            throw failedToStart(type, where, e.getCause() != null ? e.getCause() : e);
        } catch (RuntimeException | LinkageError e) {
            throw failedToStart(type, where, e);
        }
    }

    private static PluginException failedToStart(Class<?> type, String where, Throwable cause) {
        return new PluginException("plugin " + type.getName() + " (" + where + ") failed to start: "
                + Messages.describe(cause), cause);
    }
}
