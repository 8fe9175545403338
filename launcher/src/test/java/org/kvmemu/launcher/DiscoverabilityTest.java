package org.kvmemu.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What lets a new user find their way: {@code kvmemu examples}, {@code kvmemu events}, the
 * warning for a {@code --trace} glob that matches nothing, a JSON trace alone on standard output.
 */
class DiscoverabilityTest {

    @Test
    void examplesListsEveryBundledExampleWithItsTitle() throws IOException {
        LauncherRun r = LauncherRun.of("examples");

        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        long files;
        try (Stream<Path> all = Stream.of("vmx", "tdx", "guest-tdx").flatMap(DiscoverabilityTest::list)) {
            files = all.filter(p -> p.toString().endsWith(".scenario")).count();
        }
        assertEquals(files + 1, lines.size(), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("vmx/self-ipi +\\S.*")), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("tdx/back-to-back-nmis-collapse ")), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("guest-tdx/vector-mode-quote ")), r.out());
        assertEquals(files + " examples; run one with: kvmemu run NAME --trace 'kvm_*'", lines.get(lines.size() - 1));
    }

    @Test
    void everyBundledExampleOpensWithAOneLineTitle() throws IOException {
        List<Path> files;
        try (Stream<Path> all = Stream.of("vmx", "tdx", "guest-tdx").flatMap(DiscoverabilityTest::list)) {
            files = all.filter(p -> p.toString().endsWith(".scenario")).sorted().toList();
        }
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file);
            assertTrue(lines.size() > 2 && lines.get(0).matches("# \\S.*") && lines.get(0).length() <= 110
                    && lines.get(1).equals("#"), file + ": a title line of at most 110 characters, then '#'");
        }
    }

    @Test
    void eventsListsKvmsOwnKvmemusAndTheBackendsEvents() {
        LauncherRun r = LauncherRun.of("events");

        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.stream().anyMatch(l -> l.matches("kvm_entry +vcpu <vcpu_id>, rip 0x<rip> intr_info 0x<intr_info>"
                + " error_code 0x<error_code>\\[\\\\\\[immediate exit\\\\\\]\\]")), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("host_irq +cpu=<cpu> vector=0x<vector> handler=<handler>")),
                r.out());
        for (String event : List.of("guest_irq", "pi_post", "lapic_timer_period_clamped", "model_violation")) {
            assertTrue(lines.stream().anyMatch(l -> l.startsWith(event + " ")), event + " in\n" + r.out());
        }
        assertTrue(lines.get(lines.size() - 1).matches("\\d+ events; families: .*kvm_\\*.*pi_\\*.*"), r.out());
    }

    @Test
    void aTraceGlobThatMatchesNoEventIsAWarningWithTheFamilies() {
        LauncherRun r = LauncherRun.of("run", "vmx/self-ipi", "--trace", "kvm_entry,kvm_enrty");

        assertEquals(0, r.exit());
        assertTrue(r.err().startsWith("kvmemu: warning: --trace 'kvm_enrty' matches no event; families: guest_*, "), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertFalse(LauncherRun.of("run", "vmx/self-ipi", "--trace", "kvm_*").err().contains("warning"));
    }

    /** The warning reaches standard error (as Main builds it) before the run starts, not when the stream is closed. */
    @Test
    void theUnmatchedGlobWarningComesBeforeTheTrace() {
        ByteArrayOutputStream shared = new ByteArrayOutputStream();
        PrintWriter err = Main.stderr(shared);
        PrintWriter out = new PrintWriter(new OutputStreamWriter(shared, StandardCharsets.UTF_8), true);

        int exit = new Launcher(Optional.empty()).execute(out, err, "run", "vmx/self-ipi", "--trace", "kvm_entry,nosuch*");

        assertEquals(0, exit);
        List<String> lines = shared.toString().lines().toList();
        assertTrue(lines.get(0).startsWith("kvmemu: warning: --trace 'nosuch*' matches no event"), shared.toString());
        assertTrue(lines.get(1).contains(": kvm_entry: "), shared.toString());
    }

    @Test
    void aJsonTraceIsAloneOnStandardOutputAndPrintsUnsignedFields() {
        LauncherRun r = LauncherRun.of("run", "vmx/fixed-irq-apicv-off", "--trace-format", "json", "--trace", "kvm_entry");

        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.stream().allMatch(l -> l.startsWith("{\"time_ns\":") && l.endsWith("}")), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"intr_info\":2147483696")), r.out());
        assertTrue(r.err().contains("expectations: "), r.err());
    }

    private static Stream<Path> list(String folder) {
        try {
            return Files.list(Path.of("../examples", folder));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
