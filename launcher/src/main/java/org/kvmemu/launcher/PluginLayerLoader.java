package org.kvmemu.launcher;

import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ResolutionException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
 * system rejects (broken, or a module that does not resolve), a module that takes the name of one
 * kvmemu or the folder already has, and a module with a package another module of the folder has
 * are refused, each with one line naming it; the rest of the folder still loads.
 */
final class PluginLayerLoader {

    /** The loaded layer and what was refused on the way. */
    record FolderLayer(ModuleLayer layer, List<PluginRefusal> refused) {
    }

    private PluginLayerLoader() {
    }

    /** A layer, child of {@code parent}, holding every acceptable module in {@code folder}. */
    static FolderLayer load(Path folder, ModuleLayer parent) {
        List<PluginRefusal> refused = new ArrayList<>();
        Map<String, Candidate> candidates = new LinkedHashMap<>();
        for (Path entry : entries(folder, refused)) {
            find(entry, refused).ifPresent(found -> accept(found, candidates, parent, refused));
        }
        while (true) {
            try {
                Configuration configuration = resolve(parent, candidates.values());
                ModuleLayer layer = parent.defineModulesWithOneLoader(configuration,
                        PluginLayerLoader.class.getClassLoader());
                return new FolderLayer(layer, List.copyOf(refused));
            } catch (FindException | ResolutionException e) {
                refuseUnresolvable(parent, candidates, refused, e);
            } catch (LayerInstantiationException e) {
                candidates.values().forEach(c -> refused.add(c.refusal(Messages.oneLine(e))));
                candidates.clear();
            }
        }
    }

    /** One module found in the folder, with the path it came from. */
    private record Candidate(ModuleReference reference, Path path) {

        String name() {
            return reference.descriptor().name();
        }

        PluginRefusal refusal(String reason) {
            return new PluginRefusal("module " + name() + " at " + ModuleLocations.of(reference) + ": " + reason);
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
                               List<PluginRefusal> refused) {
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
                return;
            }
        }
        candidates.put(candidate.name(), candidate);
    }

    private static Configuration resolve(ModuleLayer parent, Collection<Candidate> modules) {
        ModuleFinder finder = ModuleFinder.of(modules.stream().map(Candidate::path).toArray(Path[]::new));
        Set<String> roots = modules.stream().map(Candidate::name).collect(Collectors.toSet());
        return parent.configuration().resolveAndBind(finder, ModuleFinder.of(), roots);
    }

    /**
     * The modules that do not resolve, each alone among the others, are refused with the module
     * system's reason; when each resolves alone but not all together, all are refused.
     */
    private static void refuseUnresolvable(ModuleLayer parent, Map<String, Candidate> candidates,
                                           List<PluginRefusal> refused, RuntimeException together) {
        List<Candidate> failing = new ArrayList<>();
        for (Candidate candidate : candidates.values()) {
            ModuleFinder finder = ModuleFinder.of(candidates.values().stream().map(Candidate::path)
                    .toArray(Path[]::new));
            try {
                parent.configuration().resolveAndBind(finder, ModuleFinder.of(), Set.of(candidate.name()));
            } catch (FindException | ResolutionException e) {
                refused.add(candidate.refusal(Messages.oneLine(e)));
                failing.add(candidate);
            }
        }
        if (failing.isEmpty()) {
            candidates.values().forEach(c -> refused.add(c.refusal(Messages.oneLine(together))));
            candidates.clear();
        }
        failing.forEach(c -> candidates.remove(c.name()));
    }
}
