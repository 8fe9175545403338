package org.kvmemu.vmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.kvmemu.api.kvm.KvmVcpu;
import org.kvmemu.api.platform.HostVectors;
import org.kvmemu.api.scenario.InstalledPlugins;
import org.kvmemu.api.scenario.RunOptions;
import org.kvmemu.api.scenario.ScenarioParser;
import org.kvmemu.api.scenario.ScenarioRunner;
import org.kvmemu.api.spi.BackendProvider;
import org.kvmemu.api.trace.output.TraceFilter;
import org.kvmemu.api.trace.output.TraceFormat;

/**
 * {@code vmx_can_use_ipiv} ({@code lapic_in_kernel && enable_ipiv}) decides the posted-interrupt
 * wake-up ({@code vmx_needs_pi_wakeup}) whatever the vCPU's APICv state; only the CPU's IPI
 * virtualization (TERTIARY_EXEC_IPI_VIRT) follows the vCPU's APICv (behaviour.md §C).
 */
class VmxCanUseIpivTest {

    private VmxOps ops;

    private final BackendProvider capturing = new TableProvider("vmx", () -> {
        ops = new VmxOps();
        return ops;
    });

    private void run(String scenario) throws Exception {
        InstalledPlugins plugins = new InstalledPlugins(Map.of("vmx", capturing), Map.of());
        new ScenarioRunner(plugins).run(new ScenarioParser(plugins).parse("test.scenario", scenario),
                new RunOptions(OptionalLong.empty(), TraceFilter.ALL, TraceFormat.TEXT, new StringWriter()));
    }

    @Test
    void vmxVcpuPiPutUsesTheWakeupVectorWhileApicvIsInhibited() throws Exception {
        run("""
                machine backend=vmx vcpus=2 apicv=on ipiv=on
                vcpu 1: sti ; spin 20us ; hlt
                at 5us ioctl set-guest-debug vcpu=0 blockirq=yes
                run until=60us
                """);
        VmxCpu halted = ops.cpu(1);
        KvmVcpu vcpu = halted.vcpu;
        assertFalse(vcpu.arch.apicvActive, "BLOCKIRQ inhibits APICv");
        assertEquals(KvmVcpu.ThreadState.BLOCKED, vcpu.thread());
        assertTrue(ops.needsPiWakeup(vcpu));
        assertEquals(HostVectors.POSTED_INTR_WAKEUP, halted.vt.pid().nv(), "on the wake-up list, NV = 0xf1");
        assertNull(ops.ipivTarget(vcpu, 0x4050),
                "but the CPU no longer virtualizes IPIs of a vCPU whose APICv is inactive");
    }

    @Test
    void enableIpivIsClearedWithoutEnableApicv() throws Exception {
        run("""
                machine backend=vmx vcpus=2 apicv=off ipiv=on
                vcpu 1: sti ; hlt
                run until=10us
                """);
        assertFalse(ops.needsPiWakeup(ops.cpu(1).vcpu));
        assertEquals(HostVectors.POSTED_INTR, ops.cpu(1).vt.pid().nv());
    }
}
