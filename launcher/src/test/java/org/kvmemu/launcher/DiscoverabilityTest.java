package org.kvmemu.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
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

    private static String[] kvmemu(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new Launcher(Optional.empty()).execute(new PrintWriter(out), new PrintWriter(err), args);
        return new String[] {Integer.toString(exit), out.toString(), err.toString()};
    }

    @Test
    void examplesListsEveryBundledExampleWithItsTitle() throws IOException {
        String[] r = kvmemu("examples");

        assertEquals("0", r[0], r[2]);
        List<String> lines = r[1].lines().toList();
        long files;
        try (Stream<Path> all = Stream.concat(Files.list(Path.of("../examples/vmx")),
                Files.list(Path.of("../examples/tdx")))) {
            files = all.filter(p -> p.toString().endsWith(".scenario")).count();
        }
        assertEquals(files + 1, lines.size(), r[1]);
        assertTrue(lines.stream().anyMatch(l -> l.matches("vmx/self-ipi +\\S.*")), r[1]);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("tdx/back-to-back-nmis-collapse ")), r[1]);
        assertEquals(files + " examples; run one with: kvmemu run NAME --trace 'kvm_*'", lines.get(lines.size() - 1));
    }

    @Test
    void eventsListsKvmsOwnKvmemusAndTheBackendsEvents() {
        String[] r = kvmemu("events");

        assertEquals("0", r[0], r[2]);
        List<String> lines = r[1].lines().toList();
        assertTrue(lines.stream().anyMatch(l -> l.matches("kvm_entry +vcpu_id rip immediate_exit intr_info error_code")),
                r[1]);
        for (String event : List.of("guest_irq", "pi_post", "lapic_timer_period_clamped", "model_violation")) {
            assertTrue(lines.stream().anyMatch(l -> l.startsWith(event + " ")), event + " in\n" + r[1]);
        }
        assertTrue(lines.get(lines.size() - 1).matches("\\d+ events; families: .*kvm_\\*.*pi_\\*.*"), r[1]);
    }

    @Test
    void aTraceGlobThatMatchesNoEventIsAWarningWithTheFamilies() {
        String[] r = kvmemu("run", "vmx/self-ipi", "--trace", "kvm_entry,kvm_enrty");

        assertEquals("0", r[0]);
        assertTrue(r[2].startsWith("kvmemu: warning: --trace 'kvm_enrty' matches no event; families: guest_*, "), r[2]);
        assertEquals(1, r[2].lines().count(), r[2]);
        assertFalse(kvmemu("run", "vmx/self-ipi", "--trace", "kvm_*")[2].contains("warning"));
    }

    @Test
    void aJsonTraceIsAloneOnStandardOutputAndPrintsUnsignedFields() {
        String[] r = kvmemu("run", "vmx/fixed-irq-apicv-off", "--trace-format", "json", "--trace", "kvm_entry");

        assertEquals("0", r[0], r[2]);
        List<String> lines = r[1].lines().toList();
        assertTrue(lines.stream().allMatch(l -> l.startsWith("{\"time_ns\":") && l.endsWith("}")), r[1]);
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"intr_info\":2147483696")), r[1]);
        assertTrue(r[2].contains("expectations: "), r[2]);
    }
}
