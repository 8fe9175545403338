package org.kvmemu.launcher;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Builds a small plugin jar the way a third party would: javac against the {@code api} module
 * alone (kvmemu's own jar or classes, found in the boot layer), then {@code java.util.jar}.
 */
final class PluginJar {

    private final String module;
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final Map<String, String> overlay = new LinkedHashMap<>();
    private final List<Path> modulePath = new ArrayList<>(List.of(apiLocation()));
    private String version;

    private PluginJar(String module) {
        this.module = module;
    }

    /** A jar for module {@code module}; add its {@code module-info} with {@link #source}. */
    static PluginJar module(String module) {
        return new PluginJar(module);
    }

    /** Where the {@code org.kvmemu.api} module of this JVM comes from: a jar or a classes folder. */
    static Path apiLocation() {
        return ModuleLayer.boot().configuration().findModule("org.kvmemu.api")
                .flatMap(resolved -> resolved.reference().location())
                .map(Path::of)
                .orElseThrow();
    }

    /** Adds a compilation unit; {@code name} is a class name, or {@code module-info}. */
    PluginJar source(String name, String code) {
        sources.put(name, code);
        return this;
    }

    /** Compiles with {@code --module-version version}. */
    PluginJar version(String moduleVersion) {
        this.version = moduleVersion;
        return this;
    }

    /** Puts {@code jar} on the module path at compile time (it is not packaged). */
    PluginJar compiledWith(Path jar) {
        modulePath.add(jar);
        return this;
    }

    /**
     * Replaces classes after the module is compiled with classes compiled separately, on the class
     * path, from {@code overlaySources}; any {@code org.kvmemu.api} type among them shadows the real
     * one for that compilation only and is not packaged. This is how a plugin built against an
     * older or different SPI is made.
     */
    PluginJar overlay(Map<String, String> overlaySources) {
        overlay.putAll(overlaySources);
        return this;
    }

    /** Compiles and packages the module as {@code dir/MODULE.jar}; the build's files stay in {@code dir} too. */
    Path build(Path dir) {
        try {
            Path work = Files.createTempDirectory(dir, module + "-build");
            Path classes = work.resolve("classes");
            List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-Xlint:none",
                    "--module-path", modulePath.stream().map(Path::toString)
                            .collect(Collectors.joining(File.pathSeparator))));
            if (version != null) {
                args.addAll(List.of("--module-version", version));
            }
            args.addAll(write(work.resolve("src"), sources));
            javac(args);
            if (!overlay.isEmpty()) {
                Path overlayClasses = work.resolve("overlay");
                List<String> overlayArgs = new ArrayList<>(List.of("-d", overlayClasses.toString(), "-Xlint:none",
                        "-classpath", classes + File.pathSeparator + apiLocation()));
                overlayArgs.addAll(write(work.resolve("overlay-src"), overlay));
                javac(overlayArgs);
                copyClasses(overlayClasses, classes);
            }
            Path jar = dir.resolve(module + ".jar");
            jar(classes, jar);
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Compiles the module expecting javac to refuse it, and returns what javac said.
     *
     * @throws IllegalStateException when it compiles
     */
    String compileErrors(Path dir) {
        try {
            Path work = Files.createTempDirectory(dir, module + "-refused");
            List<String> args = new ArrayList<>(List.of("-d", work.resolve("classes").toString(), "-Xlint:none",
                    "--module-path", modulePath.stream().map(Path::toString)
                            .collect(Collectors.joining(File.pathSeparator))));
            args.addAll(write(work.resolve("src"), sources));
            StringWriter log = new StringWriter();
            int exit = ToolProvider.findFirst("javac").orElseThrow()
                    .run(new PrintWriter(log), new PrintWriter(log), args.toArray(String[]::new));
            if (exit == 0) {
                throw new IllegalStateException("javac accepted " + module);
            }
            return log.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> write(Path root, Map<String, String> units) throws IOException {
        List<String> files = new ArrayList<>();
        for (Map.Entry<String, String> unit : units.entrySet()) {
            Path file = root.resolve(unit.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, unit.getValue());
            files.add(file.toString());
        }
        return files;
    }

    private static void javac(List<String> args) {
        StringWriter log = new StringWriter();
        int exit = ToolProvider.findFirst("javac").orElseThrow()
                .run(new PrintWriter(log), new PrintWriter(log), args.toArray(String[]::new));
        if (exit != 0) {
            throw new IllegalStateException("javac failed: " + args + "\n" + log);
        }
    }

    private static void copyClasses(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = from.relativize(file).toString().replace('\\', '/');
                if (!name.startsWith("org/kvmemu/api/")) {
                    Path target = to.resolve(name);
                    Files.createDirectories(target.getParent());
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void jar(Path classes, Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (OutputStream file = Files.newOutputStream(jar);
             JarOutputStream out = new JarOutputStream(file, manifest);
             Stream<Path> files = Files.walk(classes)) {
            for (Path entry : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(entry).toString().replace('\\', '/')));
                Files.copy(entry, out);
                out.closeEntry();
            }
        }
    }
}
