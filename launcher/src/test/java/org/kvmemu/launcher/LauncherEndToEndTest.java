package org.kvmemu.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertLinesMatch;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run}, {@code check} and {@code demo} for real: the scenario parser and runner, the VMX
 * backend on the module path and third-party backends from a plugins folder.
 */
class LauncherEndToEndTest {

    private static final String PASSING = """
            # A device MSI reaches a halted vCPU and is handled once
            machine backend=vmx vcpus=1 apicv=off
            at 10us msi dest=0 vector=0x30
            run until=1ms
            expect delivered vcpu=0 vector=0x30 count=1
            """;

    private static final String FAILING = """
            machine backend=vmx vcpus=1 apicv=off
            at 10us msi dest=0 vector=0x30
            run until=1ms
            expect delivered vcpu=0 vector=0x30 count=2
            """;

    private static final String NO_EXPECTATIONS = """
            machine backend=vmx vcpus=1
            run until=100us
            """;

    private static final String BAD = """
            machine backend=vmx vcpus=1 vectr=3
            """;

    @TempDir
    static Path jars;

    static Path toy;
    static Path lacking;
    static Path crashy;

    @TempDir
    Path work;

    Path plugins;

    @BeforeAll
    static void buildJars() {
        toy = TestPlugins.backend("org.acme.toy", "toy").build(jars);
        lacking = TestPlugins.backendLacking("org.acme.partial", "partial", Set.of("vcpu_put", "inject_nmi"))
                .build(jars);
        crashy = TestPlugins.backendWithVmInit("org.acme.crashy", "crashy",
                "throw new IllegalStateException(\"no table today\");").build(jars);
    }

    @BeforeEach
    void createPluginsFolder() throws IOException {
        plugins = Files.createDirectory(work.resolve("plugins"));
    }

    @Test
    void runPrintsTheTraceABlankLineAndTheSummary() throws IOException {
        LauncherRun result = LauncherRun.of("run", scenario("pass.scenario", PASSING));

        assertEquals(ExitCode.OK, result.exit(), result::toString);
        assertEquals("", result.err());
        List<String> lines = result.out().lines().toList();
        int blank = lines.indexOf("");
        assertTrue(blank > 0, result.out());
        for (String event : List.of("kvm_apic_accept_irq", "kvm_entry", "kvm_inj_virq", "kvm_exit", "kvm_eoi")) {
            assertTrue(lines.subList(0, blank).stream().anyMatch(line -> line.contains(event)), event);
        }
        assertFalse(lines.subList(blank + 1, lines.size()).isEmpty(), "summary");
    }

    @Test
    void failedExpectationsComeLastAndExitOne() throws IOException {
        String file = scenario("fail.scenario", FAILING);

        LauncherRun result = LauncherRun.of("run", file);

        assertEquals(ExitCode.EXPECTATION_FAILED, result.exit(), result::toString);
        List<String> lines = result.out().lines().toList();
        assertLinesMatch(List.of(Pattern.quote(file) + ":4: expected .*, observed .*"),
                List.of(lines.get(lines.size() - 1)));
    }

    @Test
    void outputFileTakesTheTraceAndStatsFollowTheSummary() throws IOException {
        Path trace = work.resolve("trace.txt");

        LauncherRun result = LauncherRun.of("run", scenario("pass.scenario", PASSING), "--output", trace.toString(), "--stats");

        assertEquals(ExitCode.OK, result.exit(), result::toString);
        assertTrue(Files.readString(trace).contains("kvm_entry"));
        assertFalse(result.out().contains("kvm_entry"), result.out());
        List<String> lines = result.out().lines().toList();
        assertLinesMatch(List.of("stats: \\d+ events, \\d+ deliveries, \\d+ events/s \\(wall\\)"),
                List.of(lines.get(lines.size() - 1)));
    }

    @Test
    void traceFilterAndJsonFormat() throws IOException {
        LauncherRun result = LauncherRun.of("run", scenario("pass.scenario", PASSING), "--trace", "kvm_inj*",
                "--trace-format", "json");

        assertEquals(ExitCode.OK, result.exit(), result::toString);
        List<String> trace = result.out().lines().takeWhile(line -> !line.isEmpty()).toList();
        assertFalse(trace.isEmpty());
        assertTrue(trace.stream().allMatch(line -> line.startsWith("{") && line.contains("kvm_inj_virq")),
                String.join("\n", trace));
    }

    @Test
    void runIsDeterministic() throws IOException {
        String file = scenario("pass.scenario", PASSING);

        assertEquals(LauncherRun.of("run", file).out(), LauncherRun.of("run", file).out());
    }

    @Test
    void scenarioErrorIsTheParsersReportAndExitTwo() throws IOException {
        String file = scenario("bad.scenario", BAD);

        LauncherRun result = LauncherRun.of("run", file);

        assertEquals(ExitCode.USAGE_ERROR, result.exit(), result::toString);
        assertEquals("", result.out());
        assertLinesMatch(List.of(Pattern.quote(file) + ":1:\\d+: .*",
                "machine backend=vmx vcpus=1 vectr=3", " *\\^"), result.err().lines().toList());
    }

    @Test
    void checkPrintsOneLinePerFileThenTheCounts() throws IOException {
        String pass = scenario("pass.scenario", PASSING);
        String fail = scenario("fail.scenario", FAILING);
        String bad = scenario("bad.scenario", BAD);

        LauncherRun result = LauncherRun.of("check", pass, fail, bad);

        assertEquals(ExitCode.USAGE_ERROR, result.exit(), result::toString);
        assertLinesMatch(List.of(
                "PASS " + Pattern.quote(pass),
                "FAIL " + Pattern.quote(fail + ": " + fail) + ":4: expected .*, observed .*",
                "FAIL " + Pattern.quote(bad + ": " + bad) + ":1:\\d+: .*",
                "1 passed, 2 failed, 0 skipped"), result.out().lines().toList());
    }

    @Test
    void thirdPartyBackendIsSelectableForARun() throws IOException {
        Files.copy(toy, plugins.resolve(toy.getFileName()));

        LauncherRun result = LauncherRun.of("--plugins", plugins.toString(), "run", scenario("plain.scenario", NO_EXPECTATIONS),
                "--backend", "toy");

        assertEquals(ExitCode.OK, result.exit(), result::toString);
        assertEquals("", result.err());
    }

    /**
     * kvm_ops_update at load: the table is checked when the plugin is found, so {@code list} shows
     * it refused, naming every missing hook, and everything else still works.
     */
    @Test
    void backendLackingRequiredHooksIsRefusedAloneNamingThemAll() throws IOException {
        Files.copy(lacking, plugins.resolve(lacking.getFileName()));
        Files.copy(toy, plugins.resolve(toy.getFileName()));
        String refusal = "refused: plugin 'partial' lacks required kvm_x86_ops hooks: inject_nmi, vcpu_put"
                + " (module org.acme.partial at " + plugins.resolve(lacking.getFileName()) + ")";

        LauncherRun list = LauncherRun.of("--plugins", plugins.toString(), "list");
        LauncherRun run = LauncherRun.of("--plugins", plugins.toString(), "run", scenario("pass.scenario", PASSING));

        assertEquals(ExitCode.OK, list.exit(), list::toString);
        assertTrue(list.out().lines().anyMatch(refusal::equals), list.out());
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith("toy (kind: backend")), list.out());
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith("vmx (kind: backend")), list.out());
        assertEquals(List.of("kvmemu: " + refusal), list.err().lines().toList());
        assertEquals(ExitCode.OK, run.exit(), run::toString);
        assertEquals(List.of("kvmemu: " + refusal), run.err().lines().toList());
    }

    @Test
    void thirdPartyBackendThatThrowsIsNamedByTheRun() throws IOException {
        Files.copy(crashy, plugins.resolve(crashy.getFileName()));

        LauncherRun result = LauncherRun.of("--plugins", plugins.toString(), "run", scenario("plain.scenario", NO_EXPECTATIONS),
                "--backend", "crashy");

        assertEquals(ExitCode.INTERNAL_FAILURE, result.exit(), result::toString);
        assertEquals("", result.out());
        assertLinesMatch(List.of("kvmemu: plugin 'crashy' \\(module org.acme.crashy\\) failed .*no table today"),
                result.err().lines().toList());
    }

    @Test
    void everyDemoExampleIsBundled() {
        for (String example : DemoCommand.EXAMPLES) {
            assertNotNull(DemoCommand.class.getResource("examples/" + example), example);
        }
    }

    @Test
    void demoRunsTheBundledExamples() {
        LauncherRun result = LauncherRun.of("demo");

        assertEquals(ExitCode.OK, result.exit(), result::toString);
        assertEquals("", result.err());
        for (String example : DemoCommand.EXAMPLES) {
            assertTrue(result.out().contains("PASS  "), result.out());
            assertTrue(result.out().contains("(examples/" + example + ")"), result.out());
        }
        assertTrue(result.out().endsWith("kvmemu run vmx/fixed-irq-apicv-off --trace 'kvm_*' (kvmemu examples lists"
                + " them all)\n"), result.out());
    }

    /** §D.5: the demo shows a TD collapsing the second of two back-to-back NMIs, beside VMX. */
    @Test
    void demoComparesVmxAndTdx() {
        LauncherRun result = LauncherRun.of("demo");

        List<String> lines = result.out().lines().toList();
        int start = lines.indexOf("compare examples/" + DemoCommand.COMPARED);
        assertTrue(start > 0, result.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("\\* nmi_injections\\s+2\\s+1")), result.out());
        assertTrue(lines.subList(start, lines.size()).stream().anyMatch(l -> l.matches("[1-9][0-9]* differences")),
                result.out());
    }

    private String scenario(String name, String text) throws IOException {
        return Files.writeString(work.resolve(name), text).toString();
    }
}
