package org.kvmemu.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What {@code mvn install} gives a plugin author (docs/plugins.md, "Getting kvmemu-api"): the api
 * jar with its sources jar and its javadoc jar, the javadoc covering every type of every package
 * the api exports to all modules. The jars exist once the api module is packaged, which
 * {@code mvn verify} does before the launcher's tests run.
 */
class ApiArtifactsTest {

    private static final Path TARGET = Path.of("..", "api", "target");

    private static Path artifact(String suffix) throws IOException {
        try (var files = Files.list(TARGET)) {
            List<Path> found = files.filter(p -> p.getFileName().toString().matches("kvmemu-api-[^-]+(-SNAPSHOT)?" + suffix))
                    .toList();
            assumeTrue(!found.isEmpty(), "the api module is not packaged (run mvn verify)");
            assertEquals(1, found.size(), found.toString());
            return found.get(0);
        }
    }

    private static Set<String> entries(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream().map(JarEntry::getName).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** Public top-level types of the api jar in the packages exported to every module. */
    private static Set<String> exportedTypes(Path apiJar) throws IOException {
        ModuleDescriptor api = ModuleFinder.of(apiJar).find("org.kvmemu.api").orElseThrow().descriptor();
        Set<String> exported = api.exports().stream().filter(e -> !e.isQualified())
                .map(e -> e.source().replace('.', '/')).collect(Collectors.toSet());
        Set<String> types = new TreeSet<>();
        try (JarFile file = new JarFile(apiJar.toFile())) {
            for (JarEntry entry : file.stream().toList()) {
                String name = entry.getName();
                int slash = name.lastIndexOf('/');
                if (name.endsWith(".class") && !name.contains("$") && slash > 0
                        && exported.contains(name.substring(0, slash)) && !name.endsWith("package-info.class")
                        && isPublic(name.substring(0, name.length() - ".class".length()).replace('/', '.'))) {
                    types.add(name.substring(0, name.length() - ".class".length()));
                }
            }
        }
        assertTrue(types.size() > 50, "exported types found: " + types.size());
        return types;
    }

    private static boolean isPublic(String binaryName) {
        try {
            return Modifier.isPublic(Class.forName(binaryName, false, ApiArtifactsTest.class.getClassLoader()).getModifiers());
        } catch (ClassNotFoundException e) {
            throw new AssertionError(binaryName + " is in the api jar but not loadable", e);
        }
    }

    @Test
    void theJavadocJarDocumentsEveryExportedType() throws IOException {
        Set<String> pages = entries(artifact("-javadoc\\.jar"));
        Set<String> missing = new TreeSet<>();
        for (String type : exportedTypes(artifact("\\.jar"))) {
            if (!pages.contains("org.kvmemu.api/" + type + ".html")) {
                missing.add(type);
            }
        }
        assertEquals(Set.of(), missing);
    }

    @Test
    void theSourcesJarHoldsTheSourceOfEveryExportedType() throws IOException {
        Set<String> sources = entries(artifact("-sources\\.jar"));
        Set<String> missing = new TreeSet<>();
        for (String type : exportedTypes(artifact("\\.jar"))) {
            if (!sources.contains(type + ".java")) {
                missing.add(type);
            }
        }
        assertEquals(Set.of(), missing);
        assertTrue(sources.contains("module-info.java"), "module-info.java");
    }
}
