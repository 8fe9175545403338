package org.kvmemu.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --stats}: what {@code perf kvm stat report} gives, per vCPU, in virtual time (so the
 * figures are exact): exits by reason with samples, shares and exit-to-entry times (an exit the run
 * ends in counts to the end of the run), injections: interrupts by vector, NMIs, exceptions by name.
 */
class StatsTest {

    @TempDir
    Path work;

    @Test
    void exitsByReasonWithVirtualTimesAndInjectionsByVector() {
        StringWriter out = new StringWriter();
        int exit = new Launcher(Optional.empty()).execute(new PrintWriter(out), new PrintWriter(new StringWriter()),
                "run", "vmx/fixed-irq-apicv-off", "--stats", "--trace", "guest_*",
                "--output", work.resolve("trace.txt").toString());

        assertEquals(0, exit);
        List<String> stats = out.toString().lines().filter(l -> l.startsWith("stats: vcpu")).toList();
        assertEquals(List.of(
                "stats: vcpu0 VM-EXIT                 Samples  Samples%    Time%    Min Time    Max Time    Avg time",
                "stats: vcpu0 HLT                           2    66.67%   99.90%    11.597us    86.995us    49.296us",
                "stats: vcpu0 MSR_WRITE                     1    33.33%    0.10%     0.100us     0.100us     0.100us",
                "stats: vcpu0 total                         3                       98.692us (until 100.000us)",
                "stats: vcpu0 injected IRQ (kvm_inj_virq): 0x30 x1"), stats);
        assertTrue(out.toString().lines().reduce((a, b) -> b).orElseThrow().matches("stats: \\d+ events, .*"),
                out.toString());
    }

    private List<String> injections(String example) {
        StringWriter out = new StringWriter();
        int exit = new Launcher(Optional.empty()).execute(new PrintWriter(out), new PrintWriter(new StringWriter()),
                "run", example, "--stats", "--output", work.resolve("trace.txt").toString());
        assertEquals(0, exit, out.toString());
        return out.toString().lines().filter(l -> l.startsWith("stats: vcpu") && l.contains(" injected ")).toList();
    }

    @Test
    void nmiInjectionsAreCountedFromTheStatisticTheKernelKeeps() {
        // §A.3: of three NMIs at once process_nmi keeps two, both injected in turn; the third is dropped
        assertEquals(List.of("stats: vcpu0 injected NMI (nmi_injections): 2"), injections("vmx/three-nmis"));
    }

    @Test
    void exceptionInjectionsAreCountedByName() {
        assertEquals(List.of("stats: vcpu0 injected exception (kvm_inj_exception): #DB x1"),
                injections("vmx/debug-exception-reflected"));
    }
}
