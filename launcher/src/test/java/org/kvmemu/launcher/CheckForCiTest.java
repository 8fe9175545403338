package org.kvmemu.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertLinesMatch;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kvmemu check} for CI: SKIP, {@code -v}, {@code --tap}, {@code --junit FILE}, {@code --backend}. */
class CheckForCiTest {

    private static final String PASSING = """
            machine backend=vmx apicv=off
            at 10us msi dest=0 vector=0x30
            expect delivered vcpu=0 vector=0x30 count=1
            """;

    private static final String TWO_FAILURES = """
            machine backend=vmx apicv=off
            at 10us msi dest=0 vector=0x30
            expect delivered vcpu=0 vector=0x30 count=2
            expect delivered vcpu=0 vector=0x31 count=1
            """;

    private static final String ELSEWHERE = """
            machine backend=elsewhere
            """;

    @TempDir
    Path work;

    private String scenario(String name, String text) throws IOException {
        return Files.writeString(work.resolve(name), text).toString();
    }

    @Test
    void aFileWhoseBackendIsNotInstalledIsSkippedAndCounted() throws IOException {
        String pass = scenario("pass.scenario", PASSING);
        String skip = scenario("skip.scenario", ELSEWHERE);

        LauncherRun r = LauncherRun.of("check", pass, skip);

        assertEquals(0, r.exit(), r.err());
        assertLinesMatch(List.of("PASS " + Pattern.quote(pass),
                "SKIP " + Pattern.quote(skip + ": " + skip) + ":1:\\d+: backend 'elsewhere' is not installed; .*",
                "1 passed, 0 failed, 1 skipped"), r.out().lines().toList());
    }

    @Test
    void verbosePrintsEveryFailedExpectation() throws IOException {
        String fail = scenario("fail.scenario", TWO_FAILURES);

        LauncherRun quiet = LauncherRun.of("check", fail);
        LauncherRun verbose = LauncherRun.of("check", "-v", fail);

        assertEquals(1, verbose.exit());
        assertEquals(2, quiet.out().lines().count(), quiet.out());
        assertLinesMatch(List.of("FAIL " + Pattern.quote(fail + ": " + fail) + ":3: expected .*",
                "    " + Pattern.quote(fail) + ":4: expected .*", "0 passed, 1 failed, 0 skipped"),
                verbose.out().lines().toList());
    }

    @Test
    void tapHasAPlanOneLinePerFileAndTheCountsAsAComment() throws IOException {
        String pass = scenario("pass.scenario", PASSING);
        String fail = scenario("fail.scenario", TWO_FAILURES);
        String skip = scenario("skip.scenario", ELSEWHERE);

        LauncherRun r = LauncherRun.of("check", "--tap", pass, fail, skip);

        assertEquals(1, r.exit());
        assertLinesMatch(List.of("TAP version 13", "1..3", "ok 1 - " + Pattern.quote(pass),
                "not ok 2 - " + Pattern.quote(fail), "  ---", "  exit: 1", "  failures:",
                "    - '" + Pattern.quote(fail) + ":3: expected .*'", "    - '" + Pattern.quote(fail) + ":4: .*'",
                "  ...", "ok 3 - " + Pattern.quote(skip) + " # SKIP .*backend 'elsewhere' is not installed.*",
                "# 1 passed, 1 failed, 1 skipped"), r.out().lines().toList());
    }

    @Test
    void junitReportHasOneTestCasePerFile() throws IOException {
        String pass = scenario("pass.scenario", PASSING);
        String fail = scenario("fail.scenario", TWO_FAILURES);
        String skip = scenario("skip.scenario", ELSEWHERE);
        String bad = scenario("bad.scenario", "machine backend=vmx vectr=3\n");
        Path report = work.resolve("report.xml");

        LauncherRun r = LauncherRun.of("check", "--junit", report.toString(), pass, fail, skip, bad);

        assertEquals(2, r.exit());
        String xml = Files.readString(report);
        assertTrue(xml.startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites tests=\"4\" failures=\"1\""
                + " errors=\"1\" skipped=\"1\">"), xml);
        assertTrue(xml.contains("<testcase classname=\"kvmemu.check\" name=\"" + pass + "\"/>"), xml);
        assertTrue(xml.contains("<failure message=\"" + fail + ":3: expected "), xml);
        assertTrue(xml.contains("<skipped message=\"" + skip + ":1:"), xml);
        assertTrue(xml.contains("<error message=\"" + bad + ":1:"), xml);
        assertTrue(xml.contains("type=\"input\">"), xml);
    }

    @Test
    void aJunitReportThatCannotBeWrittenIsRefusedBeforeAnyFileRuns() throws IOException {
        String pass = scenario("pass.scenario", PASSING);
        Path nowhere = work.resolve("missing").resolve("report.xml");

        LauncherRun r = LauncherRun.of("check", "--junit", nowhere.toString(), pass);

        assertEquals(2, r.exit());
        assertEquals("", r.out(), "no file ran");
        assertEquals("kvmemu: cannot write --junit " + nowhere + ": no such directory " + nowhere.getParent() + "\n",
                r.err());
    }

    @Test
    void backendRunsEveryFileOnAnotherBackend() throws IOException {
        String pass = scenario("pass.scenario", PASSING);

        LauncherRun onTdx = LauncherRun.of("check", "--backend", "tdx", pass);
        LauncherRun onNothing = LauncherRun.of("check", "--backend", "nope", pass);

        assertEquals(0, onTdx.exit(), onTdx.out() + onTdx.err());
        assertEquals(2, onNothing.exit());
        assertTrue(onNothing.err().startsWith("kvmemu: no backend named 'nope'"), onNothing.err());
    }

    /** run --backend and check --backend refuse a backend that cannot run the file's VM type, at the vm= value. */
    @Test
    void aBackendThatCannotRunTheVmTypeIsRefusedAtVm() throws IOException {
        String td = scenario("td.scenario", "machine backend=tdx vm=td\nrun until=10us\n");

        LauncherRun run = LauncherRun.of("run", td, "--backend", "vmx");
        LauncherRun check = LauncherRun.of("check", "--backend", "vmx", td);

        assertEquals(2, run.exit());
        assertEquals(List.of(td + ":1:24: backend 'vmx' cannot run vm=td", "machine backend=tdx vm=td",
                " ".repeat(23) + "^"), run.err().lines().toList());
        assertEquals("FAIL " + td + ": " + td + ":1:24: backend 'vmx' cannot run vm=td", check.out().lines().findFirst()
                .orElseThrow());
    }

    /** With --backend a file whose own backend is not installed runs, on the one named, instead of SKIP. */
    @Test
    void backendRunsAFileWhoseOwnBackendIsNotInstalled() throws IOException {
        String elsewhere = scenario("elsewhere.scenario", PASSING.replace("backend=vmx", "backend=elsewhere"));

        LauncherRun plain = LauncherRun.of("check", elsewhere);
        LauncherRun onVmx = LauncherRun.of("check", "--backend", "vmx", elsewhere);

        assertEquals(List.of("SKIP " + elsewhere + ": " + elsewhere + ":1:17: backend 'elsewhere' is not installed;"
                + " installed: tdx, vmx", "0 passed, 0 failed, 1 skipped"), plain.out().lines().toList());
        assertEquals(List.of("PASS " + elsewhere, "1 passed, 0 failed, 0 skipped"), onVmx.out().lines().toList());
    }

    @Test
    void aBundledExampleRunsByNameFromAnyDirectory() {
        LauncherRun check = LauncherRun.of("check", "vmx/self-ipi", "examples/tdx/kvm-smi-enotty.scenario");
        LauncherRun run = LauncherRun.of("run", "vmx/self-ipi", "--trace", "kvm_apic_ipi");

        assertEquals(List.of("PASS vmx/self-ipi", "PASS examples/tdx/kvm-smi-enotty.scenario",
                "2 passed, 0 failed, 0 skipped"), check.out().lines().toList());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().startsWith("vcpu0 [000] "), run.out());
    }
}
