package org.kvmemu.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kvmemu conform --backend NAME}: the backend-neutral contract scenarios pass on both
 * built-in backends, fail on a backend that delivers nothing, and are REFUSED, not failed, by a
 * backend that says it cannot run them.
 */
class ConformTest {

    @TempDir
    static Path plugins;

    @BeforeAll
    static void installTestBackends() throws IOException {
        Path jars = Files.createDirectory(plugins.resolveSibling(plugins.getFileName() + "-jars"));
        for (Path jar : List.of(TestPlugins.backend("org.acme.inert", "inert").build(jars),
                TestPlugins.backendRefusing("org.acme.picky", "picky", "no APIC virtualization here").build(jars))) {
            Files.copy(jar, plugins.resolve(jar.getFileName()));
        }
    }

    @Test
    void everyContractScenarioPassesOnTheBuiltInBackends() {
        for (String backend : List.of("vmx", "tdx")) {
            LauncherRun r = LauncherRun.with(Optional.of(plugins), "conform", "--backend", backend);

            assertEquals(0, r.exit(), r.out() + r.err());
            List<String> lines = r.out().lines().toList();
            int scenarios = BundledScenarios.CONFORMANCE.names().size();
            assertEquals("kvmemu conform: " + scenarios + " contract scenarios on backend " + backend + ", vm=default",
                    lines.get(0));
            assertEquals(scenarios + " passed, 0 failed, 0 refused", lines.get(lines.size() - 1));
            assertTrue(scenarios >= 9, r.out());
        }
    }

    @Test
    void aBackendThatDeliversNothingFails() {
        LauncherRun r = LauncherRun.with(Optional.of(plugins), "conform", "--backend", "inert");

        assertEquals(1, r.exit(), r.out() + r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(lines.size() - 1).matches("0 passed, \\d+ failed, 0 refused"), r.out());
        assertTrue(lines.stream().skip(1).limit(lines.size() - 2).allMatch(l -> l.startsWith("FAIL    ")), r.out());
    }

    @Test
    void aBackendThatCannotRunAScenarioRefusesIt() {
        LauncherRun r = LauncherRun.with(Optional.of(plugins), "conform", "--backend", "picky");

        assertEquals(0, r.exit(), r.out() + r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(1).matches("REFUSED \\S+: conformance/\\S+\\.scenario:\\d+:\\d+: backend 'picky' refuses"
                + " this machine: no APIC virtualization here"), lines.get(1));
        assertTrue(lines.get(lines.size() - 1).matches("0 passed, 0 failed, \\d+ refused"), r.out());
    }

    @Test
    void theBackendIsRequiredAndMustBeInstalled() {
        assertEquals(2, LauncherRun.with(Optional.of(plugins), "conform").exit());
        LauncherRun r = LauncherRun.with(Optional.of(plugins), "conform", "--backend", "nope");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("kvmemu: no backend named 'nope'"), r.err());
    }
}
