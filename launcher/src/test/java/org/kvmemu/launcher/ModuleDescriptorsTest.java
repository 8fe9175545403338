package org.kvmemu.launcher;

import static org.junit.jupiter.api.Assertions.assertLinesMatch;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each module's descriptor against a golden file, in the spirit of {@code jar --describe-module}:
 * what a module exports, to whom, what it requires, uses and provides is the encapsulation the
 * design relies on, so a change to it must be deliberate.
 */
class ModuleDescriptorsTest {

    @ParameterizedTest
    @ValueSource(strings = {"org.kvmemu.api", "org.kvmemu.vmx", "org.kvmemu.tdx", "org.kvmemu.guest.tdx", "org.kvmemu.launcher"})
    void descriptorMatchesTheGoldenFile(String name) throws IOException {
        Optional<Module> module = ModuleLayer.boot().findModule(name);
        assertTrue(module.isPresent(), name + " is on the module path");
        assertLinesMatch(golden(name), describe(module.get().getDescriptor()));
    }

    private static List<String> describe(ModuleDescriptor d) {
        List<String> lines = new ArrayList<>();
        d.requires().stream().filter(r -> !r.name().equals("java.base")).map(r -> "requires " + r.name()).sorted()
                .forEach(lines::add);
        d.exports().stream().map(e -> e.isQualified()
                ? "qualified exports " + e.source() + " to " + String.join(" ", e.targets().stream().sorted().toList())
                : "exports " + e.source()).sorted().forEach(lines::add);
        d.opens().stream().map(o -> "opens " + o.source()).sorted().forEach(lines::add);
        d.uses().stream().map(u -> "uses " + u).sorted().forEach(lines::add);
        d.provides().stream().map(p -> "provides " + p.service() + " with " + String.join(" ", p.providers()))
                .sorted().forEach(lines::add);
        return lines;
    }

    private static List<String> golden(String name) throws IOException {
        try (InputStream in = ModuleDescriptorsTest.class.getResourceAsStream("/descriptors/" + name + ".txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }
}
