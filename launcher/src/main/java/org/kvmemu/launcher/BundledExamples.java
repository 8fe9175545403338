package org.kvmemu.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleReader;
import java.lang.module.ResolvedModule;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The example scenarios bundled in the launcher jar (the repository's {@code examples/} folder),
 * by name: {@code vmx/self-ipi} is {@code examples/vmx/self-ipi.scenario}. They can be run from
 * any directory.
 */
final class BundledExamples {

    private static final String FOLDER = "examples/";
    private static final String RESOURCES = "org/kvmemu/launcher/" + FOLDER;
    private static final String SUFFIX = ".scenario";

    private BundledExamples() {
    }

    /** Every bundled example's name, sorted ({@code tdx/...}, {@code vmx/...}). */
    static List<String> names() {
        try (Stream<String> resources = resources()) {
            return resources.filter(r -> r.startsWith(RESOURCES) && r.endsWith(SUFFIX))
                    .map(r -> r.substring(RESOURCES.length(), r.length() - SUFFIX.length()))
                    .sorted().toList();
        }
    }

    /**
     * The bundled example {@code written} names, if any: a name ({@code vmx/self-ipi}), with or
     * without {@code .scenario} and {@code examples/}.
     */
    static Optional<String> text(String written) {
        String name = name(written);
        try (InputStream in = BundledExamples.class.getResourceAsStream(FOLDER + name + SUFFIX)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundled example " + name, e);
        }
    }

    /** How messages and traces call the bundled example {@code written}: {@code examples/vmx/self-ipi.scenario}. */
    static String shown(String written) {
        return FOLDER + name(written) + SUFFIX;
    }

    private static String name(String written) {
        String name = written.startsWith(FOLDER) ? written.substring(FOLDER.length()) : written;
        return name.endsWith(SUFFIX) ? name.substring(0, name.length() - SUFFIX.length()) : name;
    }

    /** The launcher module's resources (none when the launcher does not run as a module). */
    private static Stream<String> resources() {
        Module self = BundledExamples.class.getModule();
        Optional<ResolvedModule> resolved = Optional.ofNullable(self.getLayer())
                .flatMap(layer -> layer.configuration().findModule(self.getName()));
        if (resolved.isEmpty()) {
            return Stream.empty();
        }
        try (ModuleReader reader = resolved.get().reference().open()) {
            return reader.list().toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the bundled examples", e);
        }
    }
}
