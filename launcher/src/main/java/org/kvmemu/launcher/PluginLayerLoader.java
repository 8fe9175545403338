package org.kvmemu.launcher;

import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ResolutionException;
import java.lang.module.ResolvedModule;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Loads a plugins folder into one module layer over kvmemu's own: each jar (or exploded module) of
 * the folder is found on its own, then the acceptable ones are resolved together
 * ({@link Configuration#resolveAndBind}) and defined with one class loader. A jar the module
 * system rejects (broken, or a module that does not resolve: a missing {@code requires}), a module
 * that requires a refused one, a module that takes the name of one kvmemu or the folder already
 * has, and a module with a package another module of the folder has are refused, each with one
 * line naming it; the rest of the folder still loads.
 */
final class PluginLayerLoader {

    /** The loaded layer and what was refused on the way. */
    record FolderLayer(ModuleLayer layer, List<PluginRefusal> refused) {
    }

    private PluginLayerLoader() {
    }

    /** A layer, child of {@code parent}, holding every acceptable module in {@code folder}. */
    static FolderLayer load(Path folder, ModuleLayer parent) {
        return load(folder, parent, Map.of());
    }

    /**
     * A layer, child of {@code parent}, holding every acceptable module in {@code folder} but those
     * of {@code excluded}, which are refused with the refusals given, in its place in the folder (a
     * module that requires one is refused too).
     */
    static FolderLayer load(Path folder, ModuleLayer parent, Map<String, List<PluginRefusal>> excluded) {
        List<PluginRefusal> refused = new ArrayList<>();
        Map<String, Candidate> candidates = new LinkedHashMap<>();
        Map<String, Candidate> refusedModules = new HashMap<>();
        for (Path entry : entries(folder, refused)) {
            find(entry, refused).ifPresent(found -> {
                List<PluginRefusal> exclusion = excluded.get(found.name());
                if (exclusion == null) {
                    accept(found, candidates, parent, refused, refusedModules);
                } else {
                    Candidate first = refusedModules.putIfAbsent(found.name(), found);
                    if (first == null) {
                        refused.addAll(exclusion);
                    } else {
                        refused.add(found.refusal("module " + found.name() + " is also at " + first.path()));
                    }
                }
            });
        }
        while (true) {
            try {
                Configuration configuration = resolve(parent, candidates.values());
                ModuleLayer layer = parent.defineModulesWithOneLoader(configuration,
                        PluginLayerLoader.class.getClassLoader());
                return new FolderLayer(layer, List.copyOf(refused));
            } catch (FindException | ResolutionException e) {
                new Unresolvable(parent, candidates, refused, refusedModules).refuse(e);
            } catch (LayerInstantiationException e) {
                refuseUndefinable(parent, candidates, refused, refusedModules, e);
            }
        }
    }

    /** One module found in the folder, with the path it came from. */
    private record Candidate(ModuleReference reference, Path path) {

        String name() {
            return reference.descriptor().name();
        }

        PluginRefusal refusal(String reason) {
            return new PluginRefusal(prefix() + reason);
        }

        PluginRefusal refusal(String reason, Throwable cause) {
            return new PluginRefusal(prefix() + reason, cause);
        }

        private String prefix() {
            return "module " + name() + " at " + ModuleLocations.of(reference) + ": ";
        }
    }

    private static List<Path> entries(Path folder, List<PluginRefusal> refused) {
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> entries = new ArrayList<>();
            for (Path p : files.sorted().toList()) {
                String name = p.getFileName().toString();
                if (Files.isDirectory(p) || name.endsWith(".jar")) {
                    entries.add(p);
                } else if (!name.startsWith(".")) {
                    refused.add(new PluginRefusal(p + ": not a plugin (a plugin is a .jar file or a folder of a"
                            + " module's classes)"));
                }
            }
            return entries;
        } catch (IOException e) {
            refused.add(new PluginRefusal(unreadable(folder, e)));
            return List.of();
        }
    }

    /**
     * What a plugins folder, or a plugin in it, that cannot be read because of {@code io} is
     * called: {@code cannot read plugin folder F: permission denied}, or {@code cannot read plugin J: ...}
     * when {@code io} names a file below the folder.
     */
    static String unreadable(Path folder, IOException io) {
        String file = io instanceof FileSystemException f && f.getFile() != null ? f.getFile() : folder.toString();
        String what = Path.of(file).equals(folder) ? "plugin folder " : "plugin ";
        return "cannot read " + what + file + ": " + Messages.reason(io);
    }

    private static Optional<Candidate> find(Path entry, List<PluginRefusal> refused) {
        try {
            List<ModuleReference> found = ModuleFinder.of(entry).findAll().stream()
                    .sorted(Comparator.comparing(reference -> reference.descriptor().name())).toList();
            return found.size() == 1 ? Optional.of(new Candidate(found.get(0), entry)) : Optional.empty();
        } catch (FindException e) {
            refused.add(new PluginRefusal(Messages.ioCause(e).map(io -> unreadable(entry.getParent(), io))
                    .orElseGet(() -> entry + ": " + Messages.oneLine(e)), e));
            return Optional.empty();
        }
    }

    private static void accept(Candidate candidate, Map<String, Candidate> candidates, ModuleLayer parent,
                               List<PluginRefusal> refused, Map<String, Candidate> refusedModules) {
        Optional<Module> existing = parent.findModule(candidate.name());
        if (existing.isPresent()) {
            refused.add(candidate.refusal("it has the name of a module kvmemu already has, at "
                    + ModuleLocations.of(existing.get())));
            return;
        }
        Candidate twin = candidates.get(candidate.name());
        if (twin != null) {
            refused.add(candidate.refusal("module " + candidate.name() + " is also at " + twin.path()));
            return;
        }
        Map<String, Candidate> owners = new HashMap<>();
        candidates.values().forEach(c -> c.reference().descriptor().packages().forEach(p -> owners.put(p, c)));
        for (String pkg : candidate.reference().descriptor().packages().stream().sorted().toList()) {
            Candidate owner = owners.get(pkg);
            if (owner != null) {
                refused.add(candidate.refusal("package " + pkg + " is also in module " + owner.name() + " at "
                        + ModuleLocations.of(owner.reference())));
                refusedModules.putIfAbsent(candidate.name(), candidate);
                return;
            }
        }
        candidates.put(candidate.name(), candidate);
    }

    private static Configuration resolve(ModuleLayer parent, Collection<Candidate> modules) {
        return parent.configuration().resolveAndBind(finder(modules), ModuleFinder.of(), names(modules));
    }

    /**
     * A finder of {@code modules}, as found already: a resolve looks its modules up by name rather
     * than reading the folder's jars again (rescanning every jar for each module that was resolved
     * on its own made a folder with one module that does not resolve take quadratic time).
     */
    private static ModuleFinder finder(Collection<Candidate> modules) {
        Map<String, Candidate> byName = new LinkedHashMap<>();
        modules.forEach(c -> byName.putIfAbsent(c.name(), c));
        return view(byName);
    }

    /** A finder of the modules {@code candidates} holds when it is asked, by name. */
    private static ModuleFinder view(Map<String, Candidate> candidates) {
        return new ModuleFinder() {
            @Override
            public Optional<ModuleReference> find(String name) {
                return Optional.ofNullable(candidates.get(name)).map(Candidate::reference);
            }

            @Override
            public Set<ModuleReference> findAll() {
                return candidates.values().stream().map(Candidate::reference).collect(Collectors.toUnmodifiableSet());
            }
        };
    }

    private static Set<String> names(Collection<Candidate> modules) {
        return modules.stream().map(Candidate::name).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /**
     * Finds, when the folder's modules do not resolve together, the ones to blame and refuses
     * them: first every module that does not resolve on its own (with the modules it requires,
     * without service binding, so a broken provider is not pulled into every other module), each
     * with the module system's reason; a module that requires a refused one is refused saying so.
     * When each resolves on its own but not all together, the modules are added one at a time,
     * in folder order, binding services as the real layer does, and each one that does not fit
     * with those before it is refused.
     */
    private static final class Unresolvable {

        private final ModuleLayer parent;
        private final Map<String, Candidate> candidates;
        private final List<PluginRefusal> refused;
        private final Map<String, Candidate> refusedModules;
        /** The modules not refused so far, one finder for every resolve of this pass. */
        private final ModuleFinder remaining;

        Unresolvable(ModuleLayer parent, Map<String, Candidate> candidates, List<PluginRefusal> refused,
                     Map<String, Candidate> refusedModules) {
            this.parent = parent;
            this.candidates = candidates;
            this.refused = refused;
            this.refusedModules = refusedModules;
            this.remaining = view(candidates);
        }

        void refuse(RuntimeException together) {
            boolean changed = false;
            while (refuseDependents() | refuseFailingAlone()) {
                changed = true;
            }
            if (!changed) {
                refuseOneAtATime(together);
            }
        }

        /** Refuses each module that requires a module of the folder that was refused; true when any was. */
        private boolean refuseDependents() {
            boolean any = false;
            boolean more = true;
            while (more) {
                more = false;
                for (Candidate candidate : List.copyOf(candidates.values())) {
                    Optional<Candidate> missing = refusedRequirement(candidate);
                    if (missing.isPresent()) {
                        remove(candidate, candidate.refusal("it requires module " + missing.get().name() + " (at "
                                + missing.get().path() + "), which is refused"));
                        more = true;
                        any = true;
                    }
                }
            }
            return any;
        }

        private Optional<Candidate> refusedRequirement(Candidate candidate) {
            for (ModuleDescriptor.Requires requires : candidate.reference().descriptor().requires()) {
                String name = requires.name();
                if (!requires.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC)
                        && !candidates.containsKey(name) && parent.configuration().findModule(name).isEmpty()
                        && refusedModules.containsKey(name)) {
                    return Optional.of(refusedModules.get(name));
                }
            }
            return Optional.empty();
        }

        /**
         * Refuses the modules that do not resolve on their own, with the module system's reason;
         * one that fails only because a module it requires fails is left for {@link #refuseDependents}.
         * True when any was refused.
         */
        private boolean refuseFailingAlone() {
            Map<Candidate, RuntimeException> failing = new LinkedHashMap<>();
            for (Candidate candidate : candidates.values()) {
                try {
                    alone(candidate);
                } catch (FindException | ResolutionException e) {
                    failing.put(candidate, e);
                }
            }
            Set<String> failingNames = names(failing.keySet());
            List<Candidate> causes = failing.keySet().stream()
                    .filter(c -> c.reference().descriptor().requires().stream()
                            .noneMatch(r -> failingNames.contains(r.name())))
                    .toList();
            // A cycle of failing modules has no first cause: each is refused with its own reason.
            for (Candidate candidate : causes.isEmpty() ? List.copyOf(failing.keySet()) : causes) {
                RuntimeException e = failing.get(candidate);
                remove(candidate, candidate.refusal(Messages.oneLine(e), e));
            }
            return !failing.isEmpty();
        }

        /** {@code candidate} and the modules of the folder it requires, resolved without binding services. */
        private Configuration alone(Candidate candidate) {
            return parent.configuration().resolve(remaining, ModuleFinder.of(),
                    Set.of(candidate.name()));
        }

        private void refuseOneAtATime(RuntimeException together) {
            Map<String, Candidate> fitting = new LinkedHashMap<>();
            boolean any = false;
            for (Candidate candidate : List.copyOf(candidates.values())) {
                if (fitting.containsKey(candidate.name())) {
                    continue;
                }
                Map<String, Candidate> tried = new LinkedHashMap<>(fitting);
                try {
                    // The modules it needs, in folder order (not the configuration's set order).
                    Set<String> needed = alone(candidate).modules().stream().map(ResolvedModule::name)
                            .collect(Collectors.toSet());
                    candidates.values().stream().filter(c -> needed.contains(c.name()))
                            .forEach(c -> tried.putIfAbsent(c.name(), c));
                    resolve(parent, tried.values());
                    fitting.putAll(tried);
                } catch (FindException | ResolutionException e) {
                    remove(candidate, candidate.refusal(Messages.oneLine(e), e));
                    any = true;
                }
            }
            if (!any) {
                // Not expected: every module fits with those before it, yet not all together.
                candidates.values().forEach(c -> refused.add(c.refusal(Messages.oneLine(together), together)));
                candidates.clear();
            }
        }

        private void remove(Candidate candidate, PluginRefusal refusal) {
            refused.add(refusal);
            candidates.remove(candidate.name());
            refusedModules.putIfAbsent(candidate.name(), candidate);
        }
    }

    /**
     * When the resolved modules cannot be defined as one layer (a package kvmemu's class loader
     * already has, say), each module whose own layer cannot be defined is refused with the reason;
     * if each can alone, all are refused.
     */
    private static void refuseUndefinable(ModuleLayer parent, Map<String, Candidate> candidates,
                                          List<PluginRefusal> refused, Map<String, Candidate> refusedModules,
                                          LayerInstantiationException together) {
        List<Candidate> failing = new ArrayList<>();
        for (Candidate candidate : candidates.values()) {
            try {
                Configuration alone = parent.configuration().resolve(finder(List.of(candidate)), ModuleFinder.of(),
                        Set.of(candidate.name()));
                parent.defineModulesWithOneLoader(alone, PluginLayerLoader.class.getClassLoader());
            } catch (FindException | ResolutionException e) {
                // Requires another module of the folder: not what this pass looks for.
            } catch (LayerInstantiationException e) {
                refused.add(candidate.refusal(Messages.oneLine(e), e));
                failing.add(candidate);
            }
        }
        if (failing.isEmpty()) {
            candidates.values().forEach(c -> refused.add(c.refusal(Messages.oneLine(together), together)));
            candidates.clear();
        }
        failing.forEach(c -> {
            candidates.remove(c.name());
            refusedModules.putIfAbsent(c.name(), c);
        });
    }
}
