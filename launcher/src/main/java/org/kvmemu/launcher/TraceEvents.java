package org.kvmemu.launcher;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.module.ModuleReader;
import java.lang.module.ResolvedModule;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.kvmemu.api.scenario.InstalledPlugins;
import org.kvmemu.api.trace.TracePoint;
import org.kvmemu.api.trace.output.TraceFilter;

/**
 * The trace events kvmemu knows: the api's (KVM's tracepoints and kvmemu's own) and those the
 * installed plugins declare as {@link TracePoint} constants; and the warning for a {@code --trace}
 * glob that matches none of them.
 */
final class TraceEvents {

    private static final String CLASS_SUFFIX = ".class";

    private TraceEvents() {
    }

    /**
     * Every event of the api and of every installed backend and guest driver, sorted by name: each
     * class of their modules that declares a {@link TracePoint} constant is initialized, which
     * declares its events. The events are those the classes of these very modules declared
     * ({@link TracePoint#declaredBy}), not those of a module of the same name in a plugins folder's
     * layer that was discarded; of two events of one name, the api's, then the first module's.
     */
    static List<TracePoint> all(InstalledPlugins plugins) {
        Set<Module> modules = new LinkedHashSet<>();
        modules.add(TracePoint.class.getModule());
        plugins.backendNames().forEach(name -> modules.add(plugins.backend(name).orElseThrow().getClass().getModule()));
        plugins.driverNames().forEach(name -> modules.add(plugins.driver(name).orElseThrow().getClass().getModule()));
        Map<String, TracePoint> byName = new TreeMap<>();
        modules.forEach(module -> declare(module).forEach(point -> byName.putIfAbsent(point.name(), point)));
        return List.copyOf(byName.values());
    }

    /** Initializes the classes of {@code module} that declare trace points; the trace points its classes declared. */
    private static List<TracePoint> declare(Module module) {
        Optional<ResolvedModule> resolved = Optional.ofNullable(module.getLayer())
                .flatMap(layer -> layer.configuration().findModule(module.getName()));
        if (resolved.isEmpty()) {
            return List.of();
        }
        List<String> classes;
        try (ModuleReader reader = resolved.get().reference().open()) {
            classes = reader.list().filter(r -> r.endsWith(CLASS_SUFFIX) && !r.endsWith("module-info.class"))
                    .map(r -> r.substring(0, r.length() - CLASS_SUFFIX.length()).replace('/', '.')).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the classes of module " + module.getName(), e);
        }
        List<Class<?>> loaded = new ArrayList<>();
        for (String name : classes) {
            try {
                Class<?> type = Class.forName(name, false, module.getClassLoader());
                loaded.add(type);
                if (declaresTracePoints(type)) {
                    Class.forName(name, true, module.getClassLoader());
                }
            } catch (ClassNotFoundException | LinkageError e) {
                // A class that does not load declares no event this JVM can emit.
            }
        }
        // Every class, initialized now or before: a constant's initializer may call a factory of another class.
        return loaded.stream().flatMap(type -> TracePoint.declaredBy(type).stream()).toList();
    }

    private static boolean declaresTracePoints(Class<?> type) {
        for (Field field : type.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == TracePoint.class) {
                return true;
            }
        }
        return false;
    }

    /** The families of {@code events}: the part of each name before its first {@code _}, sorted. */
    static List<String> families(List<TracePoint> events) {
        return List.copyOf(new TreeSet<>(events.stream().map(e -> e.name().substring(0, e.name().indexOf('_') < 0
                ? e.name().length() : e.name().indexOf('_')) + "_*").toList()));
    }

    /** Warns on {@code err} about each glob of {@code filter} that matches no event of {@link #all}. */
    static void warnUnmatched(PrintWriter err, TraceFilter filter, InstalledPlugins plugins) {
        List<TracePoint> known = all(plugins);
        List<String> unmatched = filter.unmatched(known.stream().map(TracePoint::name).toList());
        for (String glob : unmatched) {
            err.println("kvmemu: warning: --trace '" + glob + "' matches no event; families: "
                    + String.join(", ", families(known)) + " (kvmemu events lists them all)");
        }
    }
}
