package org.kvmemu.launcher;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.Spliterator;
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
 * throws anything while starting (an {@link OutOfMemoryError} aside), one whose name another plugin
 * of its kind already has (before more of its code runs), one built for another SPI version, one
 * with a name users cannot type, and a backend whose hook table lacks a required hook
 * ({@link OpsCheck}, as {@code kvm_ops_update} checks a vendor's table when its module loads). A
 * provider {@link ServiceLoader} cannot load is refused alone too.
 */
final class PluginLoader {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    private final ModuleLayer layer;
    private final Predicate<Module> keep;
    private final String origin;
    private final List<PluginRefusal> refused = new ArrayList<>();
    private final Map<PluginKind, Map<String, String>> names;
    /** The modules of which a provider was refused as a second plugin of a name taken. */
    private final Set<String> duplicates = new LinkedHashSet<>();
    /** The refusals of each module's providers, in the order they were made. */
    private final Map<String, List<PluginRefusal>> refusedByModule = new HashMap<>();
    private final Set<String> started = new HashSet<>();

    private PluginLoader(ModuleLayer layer, Predicate<Module> keep, String origin,
                         Map<PluginKind, Map<String, String>> names) {
        this.layer = layer;
        this.keep = keep;
        this.origin = origin;
        this.names = names;
    }

    /**
     * Loads the providers of {@code layer} and of its parents (the boot layer's, usually).
     *
     * @param names the names each kind's plugins started so far have, with their origins; the
     *              loader adds its own, and refuses a plugin whose name is taken
     */
    static PluginLoader withParents(ModuleLayer layer, Map<PluginKind, Map<String, String>> names) {
        return new PluginLoader(layer, module -> true, "on the module path", names);
    }

    /**
     * Loads only the providers whose module is in {@code layer} itself: {@link ServiceLoader} also
     * returns the parents', which are loaded once already.
     *
     * @param folder the folder the layer was made from, for messages
     * @param names  as for {@link #withParents}
     */
    static PluginLoader ownModulesOf(ModuleLayer layer, String folder, Map<PluginKind, Map<String, String>> names) {
        return new PluginLoader(layer, module -> module.getLayer() == layer, "in " + folder, names);
    }

    /**
     * The backends found, in module order. Providers {@link ServiceLoader} cannot load are refused
     * first, sorted by their lines (the provider's class name); then the others, in module order.
     */
    List<LoadedPlugin<BackendProvider>> backends() {
        return load(BackendProvider.class, PluginKind.BACKEND);
    }

    /** The guest drivers found, in module order; refusals as for {@link #backends}. */
    List<LoadedPlugin<GuestDriverProvider>> guestDrivers() {
        return load(GuestDriverProvider.class, PluginKind.GUEST_DRIVER);
    }

    private <P extends Plugin> List<LoadedPlugin<P>> load(Class<P> service, PluginKind kind) {
        List<ServiceLoader.Provider<P>> providers = new ArrayList<>();
        List<PluginRefusal> invalid = new ArrayList<>();
        Spliterator<ServiceLoader.Provider<P>> found = ServiceLoader.load(layer, service).stream().spliterator();
        // Each provider the layer and its parents declare is found once or fails once; the bound
        // only guards against a service loader that would not move past a failing one.
        for (long left = declaredProviders(service); left >= 0; left--) {
            try {
                if (!found.tryAdvance(provider -> {
                    if (keep.test(provider.type().getModule())) {
                        providers.add(provider);
                    }
                })) {
                    break;
                }
            } catch (ServiceConfigurationError e) {
                invalid.add(new PluginRefusal("invalid plugin " + origin + ": " + Messages.oneLine(e), e));
            }
        }
        // ServiceLoader's order follows the layer's modules, a set whose order changes from run to run.
        invalid.sort(Comparator.comparing(PluginRefusal::reason));
        refused.addAll(invalid);
        providers.sort(Comparator.comparing((ServiceLoader.Provider<P> p) -> p.type().getModule().getName())
                .thenComparing(p -> p.type().getName()));
        List<LoadedPlugin<P>> loaded = new ArrayList<>();
        for (ServiceLoader.Provider<P> provider : providers) {
            String module = provider.type().getModule().getName();
            try {
                LoadedPlugin<P> plugin = start(provider, kind, names.computeIfAbsent(kind, k -> new HashMap<>()));
                loaded.add(plugin);
                started.add(module);
            } catch (DuplicateName e) {
                refuse(module, new PluginRefusal(e.getMessage()));
                duplicates.add(module);
            } catch (PluginException e) {
                refuse(module, new PluginRefusal(e.getMessage(), e));
            }
        }
        return loaded;
    }

    private void refuse(String module, PluginRefusal refusal) {
        refused.add(refusal);
        refusedByModule.computeIfAbsent(module, m -> new ArrayList<>()).add(refusal);
    }

    /** How many providers of {@code service} the modules of the layer and its parents declare. */
    private long declaredProviders(Class<?> service) {
        Set<ModuleLayer> layers = new HashSet<>();
        List<ModuleLayer> todo = new ArrayList<>(List.of(layer));
        long count = 0;
        while (!todo.isEmpty()) {
            ModuleLayer next = todo.remove(todo.size() - 1);
            if (layers.add(next)) {
                todo.addAll(next.parents());
                count += next.modules().stream().flatMap(m -> m.getDescriptor().provides().stream())
                        .filter(provides -> provides.service().equals(service.getName()))
                        .mapToLong(provides -> provides.providers().size()).sum();
            }
        }
        return count;
    }

    /**
     * The modules of which a provider was refused as a second plugin of a name taken, and none
     * started, each with the refusals of its providers (that one's, and any other's: built for
     * another SPI, say): a plugins folder is loaded again without them, so that the folder's other
     * plugins looking up a backend by name with {@link ServiceLoader} do not find them.
     */
    Map<String, List<PluginRefusal>> duplicateModules() {
        Map<String, List<PluginRefusal>> modules = new LinkedHashMap<>();
        duplicates.stream().filter(module -> !started.contains(module))
                .forEach(module -> modules.put(module, List.copyOf(refusedByModule.get(module))));
        return modules;
    }

    /** The plugins refused so far: a provider that failed to start or was built for another SPI, a bad table. */
    List<PluginRefusal> refused() {
        return List.copyOf(refused);
    }

    /**
     * Starts one provider: its constructor, then {@code name()}; a plugin whose name another plugin
     * of its kind already has is refused before any more of its code runs. {@code taken} maps
     * each name started so far to its plugin's origin.
     */
    private static <P extends Plugin> LoadedPlugin<P> start(ServiceLoader.Provider<P> provider, PluginKind kind,
                                                            Map<String, String> taken) {
        Class<? extends P> type = provider.type();
        Module module = type.getModule();
        String where = "module " + module.getName() + " at " + ModuleLocations.of(module);
        P plugin = guarded(type, where, provider::get);
        String name = guarded(type, where, plugin::name);
        String other = name == null ? null : taken.get(name);
        if (other != null) {
            throw new DuplicateName(module.getName(), "two " + kind.label() + " plugins are named '" + name + "': "
                    + other + " and " + where + "; the second is refused");
        }
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
        taken.put(name, descriptor.origin());
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

    /**
     * Runs one step of a plugin's code; whatever it throws refuses that plugin alone, except an
     * {@link OutOfMemoryError}, which says nothing about the plugin.
     */
    private static <T> T guarded(Class<?> type, String where, Supplier<T> step) {
        try {
            return step.get();
        } catch (OutOfMemoryError e) {
            throw e;
        } catch (ServiceConfigurationError e) {
            throw failedToStart(type, where, e.getCause() != null ? e.getCause() : e);
        } catch (Throwable e) {
            throw failedToStart(type, where, e);
        }
    }

    private static PluginException failedToStart(Class<?> type, String where, Throwable cause) {
        return new PluginException("plugin " + type.getName() + " (" + where + ") failed to start: "
                + failure(cause), cause);
    }

    /** What went wrong, in a few words: {@code IllegalStateException: boom}, {@code stack overflow ...}. */
    private static String failure(Throwable e) {
        if (e instanceof StackOverflowError) {
            return "stack overflow (StackOverflowError: a call that recurses without end)";
        }
        if (e instanceof ExceptionInInitializerError && e.getCause() != null) {
            return "a static initializer threw " + failure(e.getCause());
        }
        return Messages.describe(e);
    }

    /** A plugin refused because another of its kind has its name. */
    private static final class DuplicateName extends PluginException {

        private static final long serialVersionUID = 1L;

        private final String module;

        DuplicateName(String module, String message) {
            super(message);
            this.module = module;
        }
    }
}
