package org.kvmemu.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertLinesMatch;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code kvmemu compare} as the scenario-language contract describes it, on the VMX and TDX backends. */
class CompareCommandTest {

    private static final String SMI = """
            # KVM_SMI on a halted vCPU
            machine backend=vmx vcpus=1
            vcpu 0: mark start ; hlt
            at 10us ioctl smi vcpu=0
            run until=50us
            expect delivered vcpu=0 nmi count=7
            """;

    private static final String AGREEING = """
            machine backend=vmx vcpus=1
            vcpu 0: spin 2us ; mark a ; spin 100us
            run until=5us
            """;

    private static final String TD_ONLY = """
            machine backend=tdx vm=td
            tdx-module nmi-unblock-after-seamret=yes
            run until=5us
            """;

    @TempDir
    Path work;

    private String scenario(String name, String text) throws IOException {
        return Files.writeString(work.resolve(name), text).toString();
    }

    /**
     * §D.7: KVM_SMI returns -ENOTTY for a TD: the row differs and is marked; the expect line (which
     * would fail) is not checked; the count of marked rows is the last line.
     */
    @Test
    void kvmSmiDiffersAndTheDifferencesAreCounted() throws IOException {
        LauncherRun r = kvmemu("compare", scenario("smi.scenario", SMI));
        assertEquals(ExitCode.OK, r.exit(), r::toString);
        List<String> lines = r.out().lines().toList();
        assertEquals("compare " + work.resolve("smi.scenario"), lines.get(0));
        assertLinesMatch(List.of("\\s+vmx \\(vm=default\\)\\s+tdx \\(vm=td\\)"), lines.subList(1, 2));
        assertTrue(lines.contains("vcpu 0"));
        assertTrue(lines.stream().anyMatch(l -> l.matches("\\* ioctl KVM_SMI\\s+0 x1\\s+-ENOTTY x1")), r::toString);
        assertTrue(lines.stream().anyMatch(l -> l.matches("  log 1\\s+start\\s+start")), r::toString);
        long marked = lines.stream().filter(l -> l.startsWith("* ")).count();
        assertEquals(marked + " differences", lines.get(lines.size() - 1));
        assertEquals("", r.err());
    }

    @Test
    void runsThatAgreeHaveZeroDifferences() throws IOException {
        LauncherRun r = kvmemu("compare", scenario("same.scenario", AGREEING), "--backends", "tdx,vmx");
        assertEquals(ExitCode.OK, r.exit(), r::toString);
        List<String> lines = r.out().lines().toList();
        assertLinesMatch(List.of("\\s+tdx \\(vm=td\\)\\s+vmx \\(vm=default\\)"), lines.subList(1, 2));
        assertEquals("0 differences", lines.get(lines.size() - 1));
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("*")));
    }

    @Test
    void jsonIsOneObjectWithTheRowsAndTheCount() throws IOException {
        LauncherRun r = kvmemu("compare", scenario("smi.scenario", SMI), "--format", "json");
        assertEquals(ExitCode.OK, r.exit(), r::toString);
        List<String> lines = r.out().lines().toList();
        assertEquals(1, lines.size());
        String json = lines.get(0);
        assertTrue(json.startsWith("{\"file\":\"" + work.resolve("smi.scenario") + "\",\"backends\":[\"vmx (vm=default)\","
                + "\"tdx (vm=td)\"],\"rows\":[{\"scope\":\"vm\",\"row\":\"vm-state\",\"values\":[\"running\",\"running\"],"
                + "\"differs\":false}"), json);
        assertTrue(json.contains("{\"scope\":\"vcpu 0\",\"row\":\"ioctl KVM_SMI\",\"values\":[\"0 x1\",\"-ENOTTY x1\"],"
                + "\"differs\":true}"), json);
        long differing = json.split("\"differs\":true", -1).length - 1;
        assertTrue(json.endsWith("],\"differences\":" + differing + "}"), json);
    }

    /** A statement one backend refuses: its location, the backend's name, the line and a caret; exit 2, no output. */
    @Test
    void aStatementOneBackendRefusesIsLocatedAndNamesTheBackend() throws IOException {
        String file = scenario("td.scenario", TD_ONLY);
        LauncherRun r = kvmemu("compare", file);
        assertEquals(ExitCode.USAGE_ERROR, r.exit(), r::toString);
        assertEquals("", r.out());
        assertEquals(List.of(file + ":2:1: on backend vmx (vm=default): tdx-module is only for TDs (machine vm=td)",
                "tdx-module nmi-unblock-after-seamret=yes", "^"), r.err().lines().toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"vmx", "vmx,", "vmx,vmx", ",tdx"})
    void badBackendListsAreUsageErrors(String backends) throws IOException {
        LauncherRun r = kvmemu("compare", scenario("s.scenario", AGREEING), "--backends", backends);
        assertEquals(ExitCode.USAGE_ERROR, r.exit(), r::toString);
        assertLinesMatch(List.of("kvmemu: --backends (needs two or more|names a backend twice).*"), r.err().lines().toList());
    }

    @Test
    void anUnknownBackendListsTheInstalledOnes() throws IOException {
        LauncherRun r = kvmemu("compare", scenario("s.scenario", AGREEING), "--backends", "vmx,svm");
        assertEquals(ExitCode.USAGE_ERROR, r.exit(), r::toString);
        assertEquals(List.of("kvmemu: no backend named 'svm'; installed backends: tdx, vmx"), r.err().lines().toList());
    }

    @Test
    void anUnknownFormatIsAUsageError() throws IOException {
        LauncherRun r = kvmemu("compare", scenario("s.scenario", AGREEING), "--format", "xml");
        assertEquals(ExitCode.USAGE_ERROR, r.exit(), r::toString);
        assertEquals(List.of("kvmemu: unknown --format 'xml' (text, json)"), r.err().lines().toList());
    }

    @Test
    void comparingIsDeterministic() throws IOException {
        String file = scenario("smi.scenario", SMI);
        assertEquals(kvmemu("compare", file).out(), kvmemu("compare", file).out());
    }

    private static LauncherRun kvmemu(String... args) {
        return LauncherRun.of(args);
    }
}
