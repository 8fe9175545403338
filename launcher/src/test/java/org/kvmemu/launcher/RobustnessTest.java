package org.kvmemu.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Regressions from fuzzing the command line and the scenario language: each test is the smallest
 * input of one class of failure, run through the launcher as a user would.
 */
class RobustnessTest {

    @TempDir
    Path work;

    private LauncherRun run(String text, String... options) throws IOException {
        Path file = Files.writeString(work.resolve("s.scenario"), text);
        String[] args = new String[options.length + 2];
        args[0] = "run";
        System.arraycopy(options, 0, args, 1, options.length);
        args[args.length - 1] = file.toString();
        return LauncherRun.of(args);
    }

    /**
     * §C machine checks: {@code expect delivered ... mc} counts the guest's #MC deliveries (a
     * machine check in guest mode is the host's, so the guest sees none) instead of failing.
     */
    @Test
    void expectDeliveredMcCountsMachineChecks() throws IOException {
        String scenario = """
                machine backend=vmx
                vcpu 0: sti ; spin 100us ; hlt
                at 20us machine-check vcpu=0
                run until=300us
                expect delivered vcpu=0 mc count=%d
                expect delivered vcpu=0 nmi count=0
                """;
        assertEquals(0, run(scenario.formatted(0)).exit());
        LauncherRun wrong = run(scenario.formatted(1), "--trace", "-*");
        assertEquals(1, wrong.exit(), wrong.err());
        assertTrue(wrong.out().contains("expected vcpu 0 to handle mc count=1, observed count=0"), wrong.out());
    }

    /** §B routing ({@code kvm_apic_mda}): an x2APIC IPI to 0xffffffff broadcasts, the sender included. */
    @Test
    void x2apicBroadcastIpiReachesEveryVcpu() throws IOException {
        LauncherRun r = run("""
                machine backend=vmx vcpus=2
                vcpu 0: sti ; ipi 0xffffffff vector=0x40 ; hlt
                vcpu 1: sti ; hlt
                run until=100us
                expect delivered vcpu=0 vector=0x40 count=1
                expect delivered vcpu=1 vector=0x40 count=1
                """, "--trace", "-*");
        assertEquals(0, r.exit(), r.out() + r.err());
    }

    private static final String SMALL = """
            machine backend=vmx
            vcpu 0: mark \u00e9t\u00e9 ; hlt
            run until=10us
            """;

    @Test
    void anOutputThatIsTheInputIsRefusedAndTheFileKept() throws IOException {
        Path file = Files.writeString(work.resolve("s.scenario"), SMALL);
        LauncherRun r = LauncherRun.of("run", "--output", work.resolve(".").resolve("s.scenario").toString(),
                file.toString());
        assertEquals(2, r.exit());
        assertEquals(List.of("kvmemu: --output " + work.resolve(".").resolve("s.scenario")
                + " is the scenario file; write the trace elsewhere"), r.err().lines().toList());
        assertEquals(SMALL, Files.readString(file));
    }

    @Test
    void aFailedWriteToStandardOutputIsExitThreeWithOneLine() throws IOException {
        Path file = Files.writeString(work.resolve("s.scenario"), SMALL);
        StringWriter err = new StringWriter();
        Writer full = new Writer() {
            @Override
            public void write(char[] buf, int off, int len) throws IOException {
                throw new IOException("No space left on device");
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        int exit = new Launcher(Optional.empty()).execute(new PrintWriter(full), new PrintWriter(err), "run",
                file.toString());
        assertEquals(3, exit);
        assertEquals(List.of("kvmemu: cannot write standard output (the write failed: a full disk or a closed pipe)"),
                err.toString().lines().toList());
    }

    @Test
    void aFailedWriteToTheOutputFileIsExitThreeWithOneLine() throws IOException {
        Path full = Path.of("/dev/full");
        assumeTrue(Files.isWritable(full), "needs /dev/full");
        LauncherRun r = run(SMALL, "--output", full.toString());
        assertEquals(3, r.exit());
        assertEquals(List.of("kvmemu: cannot write /dev/full: No space left on device"), r.err().lines().toList());
    }

    @Test
    void anEndlessInputIsCutAtOneMebibyteWithALocatedMessage() {
        assumeTrue(Files.isReadable(Path.of("/dev/zero")), "needs /dev/zero");
        LauncherRun r = LauncherRun.of("run", "/dev/zero");
        assertEquals(2, r.exit());
        List<String> lines = r.err().lines().toList();
        assertEquals(3, lines.size());
        assertEquals("/dev/zero:1:1048577: file larger than 1 MiB (a scenario is at most 1048576 bytes)", lines.get(0));
    }

    @Test
    void aFolderAsTheScenarioIsOneLine() {
        LauncherRun r = LauncherRun.of("run", work.toString());
        assertEquals(2, r.exit());
        assertEquals(List.of("kvmemu: cannot read " + work + ": it is a folder"), r.err().lines().toList());
    }

    @Test
    void seedTakesEveryUnsignedSixtyFourBitValueInDecimalAndHex() throws IOException {
        LauncherRun decimal = run(SMALL, "--seed", "18446744073709551615");
        LauncherRun hex = run(SMALL, "--seed", "0xffffffffffffffff");
        assertEquals(0, decimal.exit(), decimal.err());
        assertEquals(hex.out(), decimal.out());
        for (String bad : List.of("-1", "+1", "18446744073709551616", "0x", "1e3")) {
            LauncherRun r = run(SMALL, "--seed", bad);
            assertEquals(2, r.exit(), bad);
            assertEquals(List.of("kvmemu: bad --seed '" + bad + "': use a decimal or 0x-hex number from 0 to "
                    + "18446744073709551615 (0xffffffffffffffff)"), r.err().lines().toList());
        }
    }

    @Test
    void aScenarioSeedTakesEveryUnsignedSixtyFourBitValueToo() throws IOException {
        LauncherRun decimal = run("machine backend=vmx seed=18446744073709551615\nrun until=10us\n");
        LauncherRun hex = run("machine backend=vmx seed=0xffffffffffffffff\nrun until=10us\n");
        assertEquals(0, decimal.exit(), decimal.err());
        assertEquals(hex.out(), decimal.out());
        LauncherRun tooLarge = run("machine backend=vmx seed=18446744073709551616\n");
        assertEquals(2, tooLarge.exit());
        assertTrue(tooLarge.err().contains(":1:26: number '18446744073709551616' is too large (at most "
                + "18446744073709551615)"), tooLarge.err());
    }

    @Test
    void anOptionGivenTwiceIsRefused() throws IOException {
        LauncherRun r = run(SMALL, "--seed", "1", "--seed", "2");
        assertEquals(2, r.exit());
        assertEquals(List.of("kvmemu: --seed is given twice (see kvmemu help run)"), r.err().lines().toList());
        LauncherRun global = LauncherRun.of("--plugins", "a", "--plugins", "b", "list");
        assertEquals(List.of("kvmemu: --plugins is given twice (see kvmemu --help)"), global.err().lines().toList());
    }

    @Test
    void anUnreadablePluginFolderSaysSoInWords() {
        Path folder = Path.of("/root");
        assertEquals("cannot read plugin folder /root: permission denied",
                PluginLayerLoader.unreadable(folder, new AccessDeniedException("/root")));
        assertEquals("cannot read plugin /root/a.jar: permission denied",
                PluginLayerLoader.unreadable(folder, new AccessDeniedException("/root/a.jar")));
    }

    @Test
    void standardOutputIsUtf8WhateverTheLocale() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintWriter out = Main.utf8(bytes);
        out.print("\u00e9t\u00e9");
        out.flush();
        assertArrayEquals("\u00e9t\u00e9".getBytes(StandardCharsets.UTF_8), bytes.toByteArray());
    }

    /** The virtual clock's range (docs/model-choices.md): a time or duration beyond 10^9 s is refused where it is written. */
    @ParameterizedTest
    @ValueSource(strings = {
        "vcpu 0: spin 9223372036854775807ns ; mark after",
        "handler 0x30 spin=9223372036854775807ns",
        "at 1us preempt vcpu=0 for=9223372036854775807ns",
        "at 9223372036854775806ns msi dest=0 vector=0x30",
        "run until=9223372036854775807ns",
        "vcpu 0: timer mode=tsc-deadline vector=0x40 after=9223372036854775807ns",
        "machine backend=vmx timer-advance=1000000001s"})
    void timesBeyondTheVirtualClockAreBadInputAtTheirColumn(String statement) throws IOException {
        String text = statement.startsWith("machine") ? statement + "\n" : "machine backend=vmx\n" + statement + "\n";
        LauncherRun r = run(text);
        assertEquals(2, r.exit(), r.err());
        List<String> lines = r.err().lines().toList();
        assertEquals(3, lines.size(), r.err());
        assertTrue(lines.get(0).matches(".*s\\.scenario:\\d+:\\d+: duration '\\d+n?s' is out of range "
                + "\\(the virtual clock ends at 1000000000s\\)"), lines.get(0));
        assertEquals(lines.get(1), statement);
    }

    @Test
    void theLastInstantOfTheVirtualClockIsReachedAndALongSpinEndsWithIt() throws IOException {
        String text = """
                machine backend=vmx apicv=off
                vcpu 0: spin 1000000000s ; mark after
                at 1000000000s msi dest=0 vector=0x30
                run until=1000000000s
                expect mark vcpu=0 after count=0
                """;
        for (String trace : List.of("*", "-*")) {
            LauncherRun r = run(text, "--trace", trace);
            assertEquals(0, r.exit(), r.out() + r.err());
            assertTrue(r.out().contains("run ended at 1000000000.000000000 s (time limit)"), r.out());
        }
    }

    /** §B LVT timer: the longest TMICT count runs to the end; a TSC deadline seconds away fires then, not at once. */
    @Test
    void longTimersFireWhenTheyAreDue() throws IOException {
        LauncherRun oneshot = run("""
                machine backend=vmx
                vcpu 0: sti ; timer mode=oneshot vector=0xef after=4294967295ns ; hlt
                run until=4294900000ns
                expect delivered vcpu=0 vector=0xef count=0
                """, "--trace", "-*");
        assertEquals(0, oneshot.exit(), oneshot.out());
        LauncherRun deadline = run("""
                machine backend=vmx
                vcpu 0: sti ; timer mode=tsc-deadline vector=0xef after=5s ; hlt
                run until=6s
                expect delivered vcpu=0 vector=0xef count=1
                expect trace contains "guest_irq: vcpu=0 vector=0xef"
                """, "--trace", "guest_irq");
        assertEquals(0, deadline.exit(), deadline.out());
        assertTrue(deadline.out().startsWith("guest0 [000] 5.0000"), deadline.out());
    }

    /**
     * §B INIT (kvm_vcpu_reset clears nmi_queued but not KVM_REQ_NMI, which kvm_vcpu_has_events
     * tests): an AP in INIT_RECEIVED with a stale KVM_REQ_NMI makes vcpu_run spin. It is reported
     * once as vcpu-livelock and fast-forwarded, so a long run costs no more events than a short one,
     * and a SIPI still starts the AP.
     */
    @Test
    void anNmiQueuedBeforeInitIsOneLivelockReportAndNoStorm() throws IOException {
        String text = """
                machine backend=vmx vcpus=2
                at 1us ioctl nmi vcpu=1
                at 2us msi dest=1 mode=init
                at %s msi dest=1 mode=sipi vector=0x9a
                run until=%s
                expect violation vcpu-livelock count=1
                expect guest vcpu=1 mp-state=%s
                """;
        LauncherRun shortRun = run(text.formatted("2s", "1ms", "init-received"), "--stats");
        LauncherRun longRun = run(text.formatted("2s", "1s", "init-received"), "--stats");
        assertEquals(0, shortRun.exit(), shortRun.out());
        assertEquals(0, longRun.exit(), longRun.out());
        assertEquals(events(shortRun), events(longRun));
        assertTrue(events(longRun) < 100, longRun.out());
        assertTrue(shortRun.out().contains("model_violation: name=vcpu-livelock detail=vcpu 1 spins in vcpu_run: "
                + "mp_state init-received cannot run, but kvm_vcpu_has_events is true (KVM_REQ_NMI)"), shortRun.out());
        LauncherRun started = run(text.formatted("500us", "1ms", "halted"), "--trace", "-*");
        assertEquals(0, started.exit(), started.out());
    }

    private static long events(LauncherRun r) {
        String stats = r.out().lines().filter(l -> l.matches("stats: \\d+ events.*")).findFirst().orElseThrow();
        return Long.parseLong(stats.split(" ")[1]);
    }

    /**
     * §C IPIv: a run ending while the 0xf1 wake-up of a halted target is in flight is no lost
     * interrupt; the interrupt arrives if the run goes on.
     */
    @Test
    void anIpivWakeUpInFlightAtTheEndIsNoLostInterrupt() throws IOException {
        String text = """
                machine backend=vmx vcpus=2 apicv=on ipiv=on
                vcpu 1: spin 99us ; ipi 0 vector=0x40
                run until=%s
                expect no-violations
                expect delivered vcpu=0 vector=0x40 count=%d
                """;
        LauncherRun inFlight = run(text.formatted("100us", 0), "--trace", "-*");
        assertEquals(0, inFlight.exit(), inFlight.out());
        LauncherRun later = run(text.formatted("110us", 1), "--trace", "-*");
        assertEquals(0, later.exit(), later.out());
    }

    /**
     * §A.5 SMM (enter_smm sets the NMI mask unless already inside an NMI, HF_SMM_INSIDE_NMI_MASK;
     * vmx_nmi_blocked then keeps the NMI pending): KVM enters SMM on an NMI-window exit with an NMI
     * pending; the NMI waits for RSM, is injected after leaving SMM, and nothing is reported.
     */
    @Test
    void anNmiPendingWhenKvmEntersSmmOnAnNmiWindowExitWaitsForRsm() throws IOException {
        LauncherRun r = run("""
                machine backend=vmx vcpus=2
                vcpu 0: sti ; spin 200us ; hlt
                vcpu 1: spin 15us ; ipi 0 mode=nmi ; spin 18us ; ipi 0 mode=smi ; ipi 0 mode=nmi ; hlt
                handler nmi spin=20us
                at 10us ioctl nmi vcpu=0
                run until=300us
                expect no-violations
                expect delivered vcpu=0 nmi count=2
                expect guest vcpu=0 smm=no
                """, "--trace", "kvm_exit,kvm_smm_transition,guest_nmi");
        assertEquals(0, r.exit(), r.out());
        List<String> vcpu0 = r.out().lines().filter(l -> l.contains("vcpu 0") || l.contains("guest_nmi: vcpu=0")).toList();
        int window = indexOf(vcpu0, "reason NMI_WINDOW");
        int enter = indexOf(vcpu0, "entering SMM");
        int leave = indexOf(vcpu0, "leaving SMM");
        assertEquals(window + 1, enter, String.join("\n", vcpu0));
        assertTrue(vcpu0.subList(enter, leave).stream().noneMatch(l -> l.contains("guest_nmi")), String.join("\n", vcpu0));
        assertTrue(vcpu0.get(leave + 1).contains("guest_nmi"), String.join("\n", vcpu0));
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        throw new AssertionError("no line with " + text + " in\n" + String.join("\n", lines));
    }
}
