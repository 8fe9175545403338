package org.kvmemu.vmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.kvmemu.api.scenario.InstalledPlugins;
import org.kvmemu.api.scenario.RunOptions;
import org.kvmemu.api.scenario.RunResult;
import org.kvmemu.api.scenario.ScenarioParser;
import org.kvmemu.api.scenario.ScenarioRunner;
import org.kvmemu.api.trace.output.TraceFilter;
import org.kvmemu.api.trace.output.TraceFormat;

/**
 * behaviour.md §A.8: a halted vCPU woken while another thread holds its physical CPU stays in
 * {@code kvm_vcpu_block} until it runs again; only then does {@code kvm_vcpu_halt} read the clock,
 * so the wait counts in the halt, and a signal that came meanwhile is seen then.
 */
class WokenVcpuWaitsForItsCpuTest {

    /** vCPU 0 spins on the shared CPU from 52 us; vCPU 1, halted since 3 us, is woken at 100 us. */
    private static final String SHARED = """
            machine backend=vmx vcpus=2 pcpus=1 apicv=off halt-poll=0
            vcpu 0: sti ; hlt ; spin 2ms ; hlt
            vcpu 1: sti ; hlt
            at 50us msi dest=0 vector=0x40
            at 100us msi dest=1 vector=0x41
            """;

    private record Run(RunResult result, List<String> trace) {
    }

    private static Run run(String scenario) throws Exception {
        InstalledPlugins plugins = new InstalledPlugins(Map.of("vmx", new VmxBackendProvider()), Map.of());
        StringWriter trace = new StringWriter();
        RunResult result = new ScenarioRunner(plugins).run(new ScenarioParser(plugins).parse("test.scenario", scenario),
                new RunOptions(OptionalLong.empty(), TraceFilter.ALL, TraceFormat.TEXT, trace));
        return new Run(result, trace.toString().lines().filter(l -> l.startsWith("vcpu1 ")).toList());
    }

    @Test
    void theHaltEndsWhenTheThreadRunsAgainAndCountsTheWait() throws Exception {
        Run r = run(SHARED + "run until=1ms\n");

        List<String> wakeups = r.trace().stream().filter(l -> l.contains("kvm_vcpu_wakeup")).toList();
        // vCPU 0's slice (750 us from 102 us) ends, then a 2 us context switch: vCPU 1 runs at 854.201 us
        assertEquals(List.of("vcpu1 [000] 0.000854201: kvm_vcpu_wakeup: wait time 850995 ns, polling valid"), wakeups);
        assertEquals(List.of(), r.result().failures());
    }

    @Test
    void whileItWaitsForItsCpuTheWokenVcpuIsStillHalted() throws Exception {
        Run r = run(SHARED + "run until=500us\n");

        assertEquals("halted", r.result().vcpus().get(1).mpState());
        assertTrue(r.trace().stream().noneMatch(l -> l.contains("kvm_vcpu_wakeup")), r.trace().toString());
    }

    @Test
    void aSignalThatCameWhileItWaitedIsSeenWhenItRuns() throws Exception {
        Run r = run(SHARED + "at 200us ioctl nmi vcpu=1\nrun until=5ms\n"
                + "expect delivered vcpu=1 nmi count=1\nexpect delivered vcpu=1 vector=0x41 count=1\n"
                + "expect no-violations\n");

        assertEquals(List.of(), r.result().failures());
        int wakeup = indexOf(r.trace(), "kvm_vcpu_wakeup: wait time 850995 ns");
        int restart = indexOf(r.trace(), "kvm_userspace_exit: reason restart (4)");
        assertTrue(wakeup >= 0 && restart == wakeup + 1, "the halt ends, then KVM_RUN returns -EINTR: " + r.trace());
        assertTrue(r.trace().get(restart).startsWith("vcpu1 [000] 0.000854201: "), r.trace().get(restart));
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }
}
