package org.kvmemu.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regressions from fuzzing the command line and the scenario language: each test is the smallest
 * input of one class of failure, run through the launcher as a user would.
 */
class RobustnessTest {

    @TempDir
    Path work;

    private InProcess.Result run(String text, String... options) throws IOException {
        Path file = Files.writeString(work.resolve("s.scenario"), text);
        String[] args = new String[options.length + 2];
        args[0] = "run";
        System.arraycopy(options, 0, args, 1, options.length);
        args[args.length - 1] = file.toString();
        return InProcess.kvmemu(args);
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
        InProcess.Result wrong = run(scenario.formatted(1), "--trace", "-*");
        assertEquals(1, wrong.exit(), wrong.err());
        assertTrue(wrong.out().contains("expected vcpu 0 to handle mc count=1, observed count=0"), wrong.out());
    }

    /** §B routing ({@code kvm_apic_mda}): an x2APIC IPI to 0xffffffff broadcasts, the sender included. */
    @Test
    void x2apicBroadcastIpiReachesEveryVcpu() throws IOException {
        InProcess.Result r = run("""
                machine backend=vmx vcpus=2
                vcpu 0: sti ; ipi 0xffffffff vector=0x40 ; hlt
                vcpu 1: sti ; hlt
                run until=100us
                expect delivered vcpu=0 vector=0x40 count=1
                expect delivered vcpu=1 vector=0x40 count=1
                """, "--trace", "-*");
        assertEquals(0, r.exit(), r.out() + r.err());
    }
}
