package org.kvmemu.tdx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.kvmemu.api.kvm.KvmVcpu;
import org.kvmemu.api.scenario.InstalledPlugins;
import org.kvmemu.api.scenario.MachineOverride;
import org.kvmemu.api.scenario.RunOptions;
import org.kvmemu.api.scenario.RunResult;
import org.kvmemu.api.scenario.Scenario;
import org.kvmemu.api.scenario.ScenarioException;
import org.kvmemu.api.scenario.ScenarioParser;
import org.kvmemu.api.scenario.ScenarioRunner;
import org.kvmemu.api.scenario.Session;
import org.kvmemu.api.spi.VmType;
import org.kvmemu.api.trace.output.TraceFilter;
import org.kvmemu.api.trace.output.TraceFormat;
import org.kvmemu.vmx.VmxBackendProvider;

/** The TDX example scenarios (the files users run), end to end on the TDX backend. */
class TdxScenarioTest {

    private static final Path EXAMPLES = Path.of("..", "examples", "tdx");
    private static final Path VMX_EXAMPLES = Path.of("..", "examples", "vmx");
    private static final InstalledPlugins PLUGINS = new InstalledPlugins(
            Map.of("tdx", new TdxBackendProvider(), "vmx", new VmxBackendProvider()), Map.of());

    static List<Path> examples(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".scenario")).sorted().toList();
        }
    }

    private static Scenario parse(Path file, MachineOverride override) throws IOException, ScenarioException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        return override == null ? new ScenarioParser(PLUGINS).parse(file.toString(), text)
                : new ScenarioParser(PLUGINS).parse(file.toString(), text, override);
    }

    static String trace(Path file, MachineOverride override, TraceFormat format) throws Exception {
        StringWriter out = new StringWriter();
        run(parse(file, override), out, format);
        return out.toString();
    }

    private static RunResult run(Scenario s, StringWriter trace, TraceFormat format) throws ScenarioException {
        return new ScenarioRunner(PLUGINS).run(s, new RunOptions(OptionalLong.empty(), TraceFilter.ALL, format, trace));
    }

    @TestFactory
    Stream<DynamicTest> everyExampleMeetsItsExpectations() throws IOException {
        return examples(EXAMPLES).stream().map(file -> dynamicTest(file.getFileName().toString(), () -> {
            RunResult r = run(parse(file, null), new StringWriter(), TraceFormat.TEXT);
            assertEquals(List.of(), r.failures());
            assertTrue(r.events() > 0);
        }));
    }

    @TestFactory
    Stream<DynamicTest> sameScenarioAndSeedGiveAByteIdenticalTrace() throws IOException {
        return examples(EXAMPLES).stream().flatMap(file -> Stream.of(TraceFormat.TEXT, TraceFormat.JSON).map(format ->
                dynamicTest(file.getFileName() + " " + format, () -> {
                    String first = trace(file, null, format);
                    assertFalse(first.isEmpty());
                    assertEquals(first, trace(file, null, format));
                })));
    }

    private static long count(String trace, String text) {
        return trace.lines().filter(l -> l.contains(text)).count();
    }

    /** A rule of behaviour.md §D/§E, shown in its example's trace beyond what the example's expect lines can say. */
    private record Rule(String name, String example, Predicate<String> holds) {
    }

    @TestFactory
    Stream<DynamicTest> eachRuleShowsInItsExampleTrace() {
        return Stream.of(
                new Rule("§D.2 no 0xf1 wake-up vector for a TD, even with ipiv=on", "ipi-wakes-td-without-ipiv",
                        t -> !t.contains("0xf1") && t.contains("notify=wake")),
                new Rule("§D.4 one timer wait, for the entry with the LVTT vector posted, of two self-IPIs",
                        "timer-wait-needs-lvtt-posted", t -> count(t, "kvm_wait_lapic_expire") == 1
                                && count(t, "host_ipi: from=0 to=0 vector=0xf2") == 2),
                new Rule("§D.5 §E.1 one PEND_NMI write for three KVM_NMIs, the rest collapsed",
                        "back-to-back-nmis-collapse", t -> count(t, "tdx_vp_wr: vcpu=0 field=PEND_NMI value=0x1") == 1
                                && count(t, "nmi_collapse: vcpu=0") == 1 && count(t, "guest_nmi") == 1),
                new Rule("§D.8 INIT and SIPI never reset or start the TD vCPU", "init-sipi-ignored",
                        t -> !t.contains("guest_sipi") && !t.contains("kvm_vcpu_wakeup")),
                new Rule("§D.12 an MSMI: the TD fatal once, KVM_EXIT_INTERNAL_ERROR, userspace stops",
                        "msmi-makes-td-fatal", t -> count(t, "tdx_td_fatal: vcpu=0 reason=msmi") == 1
                                && t.contains("kvm_userspace_exit: reason KVM_EXIT_INTERNAL_ERROR (17)")),
                new Rule("§D.14 HLT with interrupts blocked: only the NMI wakes the vCPU", "hlt-irqs-blocked-woken-by-nmi",
                        t -> count(t, "kvm_vcpu_wakeup") == 1),
                new Rule("§E.2 the old module: the second host NMI is handled first", "nmi-unblock-hazard-old-module",
                        t -> t.contains("model_violation: name=host-nmi-out-of-order")),
                new Rule("§E.2 the fixed module keeps the host NMIs in order", "nmi-order-kept-fixed-module",
                        t -> count(t, "host_nmi: cpu=0") == 2 && !t.contains("model_violation")))
                .map(rule -> dynamicTest(rule.name(), () -> {
                    String trace = trace(EXAMPLES.resolve(rule.example() + ".scenario"), null, TraceFormat.TEXT);
                    assertTrue(rule.holds().test(trace), trace);
                }));
    }

    /**
     * Spec §D: {@code vt} sends anything that is not a TD vCPU to kvm-intel's VMX code, so an
     * ordinary VM on the TDX backend behaves, event for event, as on the VMX backend.
     */
    @TestFactory
    Stream<DynamicTest> anOrdinaryVmOnTheTdxBackendRunsExactlyAsOnVmx() throws IOException {
        return examples(VMX_EXAMPLES).stream().map(file -> dynamicTest(file.getFileName().toString(), () ->
                assertEquals(trace(file, new MachineOverride("vmx", VmType.DEFAULT), TraceFormat.TEXT),
                        trace(file, new MachineOverride("tdx", VmType.DEFAULT), TraceFormat.TEXT))));
    }

    /**
     * Spec §D.7: the SMM hooks are KVM_BUG_ON for a TD. No scenario reaches them (KVM_SMI is
     * refused first), so the hook is called directly: the VM is bugged and smi-to-td recorded.
     */
    @TestFactory
    Stream<DynamicTest> anSmmHookCalledForATdBugsTheVmAndIsASmiToTdViolation() {
        Map<String, ToIntFunction<KvmVcpu>> hooks = new TreeMap<>(Map.of(
                "smi_allowed", v -> v.kvm().ops().smiAllowed(v, true),
                "enter_smm", v -> v.kvm().ops().enterSmm(v),
                "leave_smm", v -> v.kvm().ops().leaveSmm(v),
                "enable_smi_window", v -> {
                    v.kvm().ops().enableSmiWindow(v);
                    return 0;
                }));
        return hooks.entrySet().stream().map(e -> dynamicTest(e.getKey(), () -> {
                    ToIntFunction<KvmVcpu> hook = e.getValue();
                    StringWriter trace = new StringWriter();
                    Session s = new ScenarioRunner(PLUGINS).session(new ScenarioParser(PLUGINS)
                            .parse("td.scenario", "machine backend=tdx vm=td\nrun until=1ms\n"),
                            new RunOptions(OptionalLong.empty(), TraceFilter.ALL, TraceFormat.TEXT, trace));
                    s.runFor(10_000);
                    assertEquals(0, hook.applyAsInt(s.kvm().vcpu(0)));
                    assertTrue(s.kvm().isBugged());
                    assertTrue(trace.toString().contains("model_violation: name=smi-to-td"), trace.toString());
                }));
    }

    /** Spec §D.0: TDX is refused without enable_apicv; the refusal names the machine key. */
    @Test
    void aTdWithApicvOffIsRefusedAtTheKey() {
        ScenarioException e = assertThrows(ScenarioException.class, () -> new ScenarioParser(PLUGINS).parse("td.scenario",
                "machine backend=tdx vm=td apicv=off\nvcpu 0: hlt\nrun until=1us\n"));
        assertEquals("td.scenario:1:33: backend 'tdx' refuses this machine: TDX needs APICv (a TD cannot run with"
                + " apicv=off)", e.getMessage().lines().findFirst().orElseThrow());
    }
}
