package org.kvmemu.vmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.kvmemu.api.kvm.KvmVcpu;
import org.kvmemu.api.scenario.InstalledPlugins;
import org.kvmemu.api.scenario.RunOptions;
import org.kvmemu.api.scenario.RunResult;
import org.kvmemu.api.scenario.ScenarioParser;
import org.kvmemu.api.scenario.ScenarioRunner;
import org.kvmemu.api.spi.BackendProvider;
import org.kvmemu.api.spi.ForwardingX86Ops;
import org.kvmemu.api.trace.output.TraceFilter;
import org.kvmemu.api.trace.output.TraceFormat;

/**
 * The model's invariants catch a backend that breaks the rules (docs/violations.md): the VMX table
 * with one hook lying, run on the same scenario files users write.
 */
class InvariantViolationTest {

    /** VMX, except that {@code interrupt_allowed} always says yes, ignoring RFLAGS.IF. */
    private static final BackendProvider IGNORES_IF = new TableProvider("ignores-if",
            () -> new ForwardingX86Ops(new VmxOps()) {
                @Override
                public int interruptAllowed(KvmVcpu vcpu, boolean forInjection) {
                    return 1;
                }
            });

    @Test
    void interruptInjectedWhileIfIsClearIsAViolation() throws Exception {
        InstalledPlugins plugins = new InstalledPlugins(Map.of("ignores-if", IGNORES_IF), Map.of());
        String text = String.join("\n",
                "machine backend=ignores-if apicv=off",
                "vcpu 0: spin 50us ; sti ; hlt",
                "at 10us msi dest=0 vector=0x30",
                "run until=200us",
                "expect violation irq-while-masked count=1",
                "expect no-violations",
                "");
        StringWriter trace = new StringWriter();
        RunResult r = new ScenarioRunner(plugins).run(new ScenarioParser(plugins).parse("broken.scenario", text),
                new RunOptions(OptionalLong.empty(), TraceFilter.parse("model_violation"), TraceFormat.TEXT, trace));

        assertEquals(List.of("broken.scenario:6: expected no violations, observed irq-while-masked: vector 0x30 "
                + "with if=0 shadow=0"), r.failures());
        assertTrue(trace.toString().contains("model_violation: name=irq-while-masked detail=vector 0x30 with if=0"),
                trace.toString());
    }

    @Test
    void theHonestTableOnTheSameScenarioHasNone() throws Exception {
        InstalledPlugins plugins = new InstalledPlugins(Map.of("vmx", new VmxBackendProvider()), Map.of());
        String text = String.join("\n",
                "machine backend=vmx apicv=off",
                "vcpu 0: spin 50us ; sti ; hlt",
                "at 10us msi dest=0 vector=0x30",
                "run until=200us",
                "expect delivered vcpu=0 vector=0x30 count=1",
                "expect no-violations",
                "");
        RunResult r = new ScenarioRunner(plugins).run(new ScenarioParser(plugins).parse("honest.scenario", text),
                RunOptions.quiet());
        assertEquals(List.of(), r.failures());
    }
}
