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
 * Scenarios bundled in the launcher jar, by name: the examples ({@link #EXAMPLES}, the
 * repository's {@code examples/vmx}, {@code examples/tdx} and {@code examples/guest-tdx}: {@code vmx/self-ipi} is
 * {@code examples/vmx/self-ipi.scenario}) and the conformance kit ({@link #CONFORMANCE}). They can
 * be run from any directory.
 */
final class BundledScenarios {

    /** The bundled examples. */
    static final BundledScenarios EXAMPLES = new BundledScenarios("examples/");
    /** The backend-neutral contract scenarios of {@code kvmemu conform}. */
    static final BundledScenarios CONFORMANCE = new BundledScenarios("conformance/");

    private static final String SUFFIX = ".scenario";

    private final String folder;
    private final String resources;

    private BundledScenarios(String folder) {
        this.folder = folder;
        this.resources = "org/kvmemu/launcher/" + folder;
    }

    /** Every bundled scenario's name, sorted (examples: {@code tdx/...}, {@code vmx/...}). */
    List<String> names() {
        try (Stream<String> all = resources()) {
            return all.filter(r -> r.startsWith(resources) && r.endsWith(SUFFIX))
                    .map(r -> r.substring(resources.length(), r.length() - SUFFIX.length()))
                    .sorted().toList();
        }
    }

    /**
     * The text of the bundled scenario {@code written} names, if any: a name ({@code vmx/self-ipi}),
     * with or without {@code .scenario} and the folder ({@code examples/}).
     */
    Optional<String> text(String written) {
        String name = name(written);
        try (InputStream in = BundledScenarios.class.getResourceAsStream(folder + name + SUFFIX)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundled scenario " + folder + name, e);
        }
    }

    /** How messages and traces call the bundled scenario {@code written}: {@code examples/vmx/self-ipi.scenario}. */
    String shown(String written) {
        return folder + name(written) + SUFFIX;
    }

    private String name(String written) {
        String name = written.startsWith(folder) ? written.substring(folder.length()) : written;
        return name.endsWith(SUFFIX) ? name.substring(0, name.length() - SUFFIX.length()) : name;
    }

    /** The launcher module's resources (none when the launcher does not run as a module). */
    private static Stream<String> resources() {
        Module self = BundledScenarios.class.getModule();
        Optional<ResolvedModule> resolved = Optional.ofNullable(self.getLayer())
                .flatMap(layer -> layer.configuration().findModule(self.getName()));
        if (resolved.isEmpty()) {
            return Stream.empty();
        }
        try (ModuleReader reader = resolved.get().reference().open()) {
            return reader.list().toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the bundled scenarios", e);
        }
    }
}
