package org.kvmemu.vmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.kvmemu.api.scenario.InstalledPlugins;
import org.kvmemu.api.scenario.RunOptions;
import org.kvmemu.api.scenario.RunResult;
import org.kvmemu.api.scenario.Scenario;
import org.kvmemu.api.scenario.ScenarioException;
import org.kvmemu.api.scenario.ScenarioParser;
import org.kvmemu.api.scenario.ScenarioRunner;
import org.kvmemu.api.trace.output.TraceFilter;
import org.kvmemu.api.trace.output.TraceFormat;

/** The VMX example scenarios (the files users run), end to end on the VMX backend. */
class VmxScenarioTest {

    private static final Path EXAMPLES = Path.of("..", "examples", "vmx");
    private static final InstalledPlugins PLUGINS =
            new InstalledPlugins(Map.of("vmx", new VmxBackendProvider()), Map.of());

    private static List<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            return files.filter(p -> p.toString().endsWith(".scenario")).sorted().toList();
        }
    }

    private static Scenario parse(Path file) throws IOException, ScenarioException {
        return new ScenarioParser(PLUGINS).parse(file);
    }

    private static RunResult run(Scenario s, StringWriter trace, TraceFormat format) throws ScenarioException {
        return new ScenarioRunner(PLUGINS).run(s,
                new RunOptions(OptionalLong.empty(), TraceFilter.ALL, format, trace));
    }

    @TestFactory
    Stream<DynamicTest> everyExampleMeetsItsExpectations() throws IOException {
        return examples().stream().map(file -> dynamicTest(file.getFileName().toString(), () -> {
            RunResult r = run(parse(file), new StringWriter(), TraceFormat.TEXT);
            assertEquals(List.of(), r.failures());
            assertTrue(r.events() > 0);
        }));
    }

    @TestFactory
    Stream<DynamicTest> sameScenarioAndSeedGiveAByteIdenticalTrace() throws IOException {
        return examples().stream().flatMap(file -> Stream.of(TraceFormat.TEXT, TraceFormat.JSON).map(format ->
                dynamicTest(file.getFileName() + " " + format, () -> {
                    StringWriter first = new StringWriter();
                    StringWriter second = new StringWriter();
                    run(parse(file), first, format);
                    run(parse(file), second, format);
                    assertFalse(first.toString().isEmpty());
                    assertEquals(first.toString(), second.toString());
                })));
    }

    /** Spec §C: APICv changes how an interrupt gets in (posted vs injected), not what the guest sees. */
    @TestFactory
    Stream<DynamicTest> apicvOnAndOffGiveTheSameGuestVisibleResult() {
        return Stream.of("fixed-irq-apicv-off", "fixed-irq-window", "ipi-to-halted-vcpu", "eoi-unmasks-lower-vector",
                "tpr-masking", "self-ipi", "posted-ipi-in-guest-mode",
                "ioapic-level-eoi-exits-to-userspace").map(name -> dynamicTest(name, () -> {
                    Scenario s = parse(EXAMPLES.resolve(name + ".scenario"));
                    RunResult on = run(withApicv(s, true), new StringWriter(), TraceFormat.TEXT);
                    RunResult off = run(withApicv(s, false), new StringWriter(), TraceFormat.TEXT);
                    assertEquals(off.guestLogs(), on.guestLogs());
                    assertTrue(on.deliveries() > 0);
                }));
    }

    @Test
    void apicvOnPostsWithoutInjectionWhileApicvOffInjects() throws Exception {
        Scenario s = parse(EXAMPLES.resolve("fixed-irq-apicv-off.scenario"));
        StringWriter on = new StringWriter();
        StringWriter off = new StringWriter();
        run(withApicv(s, true), on, TraceFormat.TEXT);
        run(withApicv(s, false), off, TraceFormat.TEXT);
        assertTrue(on.toString().contains("kvm_apicv_accept_irq"));
        assertFalse(on.toString().contains("kvm_inj_virq"));
        assertTrue(off.toString().contains("kvm_inj_virq: IRQ 0x30"));
        assertFalse(off.toString().contains("kvm_apicv_accept_irq"));
    }

    private static Scenario withApicv(Scenario s, boolean apicv) {
        return new Scenario(s.file(), s.machine().withApicv(apicv), s.drivers(), s.programs(), s.handlers(), s.events(), s.run(),
                s.expectations());
    }
}
