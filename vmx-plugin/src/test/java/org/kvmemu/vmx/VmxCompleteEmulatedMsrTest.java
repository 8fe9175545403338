package org.kvmemu.vmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kvmemu.api.apic.X2apicMsrs;
import org.kvmemu.api.kvm.KvmVcpu;
import org.kvmemu.api.kvm.VmxExitReasons;
import org.kvmemu.api.scenario.InstalledPlugins;
import org.kvmemu.api.scenario.RunOptions;
import org.kvmemu.api.scenario.ScenarioParser;
import org.kvmemu.api.scenario.ScenarioRunner;

/**
 * Spec §C: {@code vmx_complete_emulated_msr} ({@code kvm_complete_insn_gp}) after {@code kvm_emulate_wrmsr}:
 * a refused write gets #GP, an accepted one is skipped. The guest software of a scenario writes only
 * registers the LAPIC accepts, so the exit is set up by hand on a VM a scenario built.
 */
class VmxCompleteEmulatedMsrTest {

    private VmxOps ops;

    private KvmVcpu vcpuAfterAnMsrWriteExit(int msr, long value) throws Exception {
        InstalledPlugins plugins = new InstalledPlugins(Map.of("vmx", new TableProvider("vmx", () -> {
            ops = new VmxOps();
            return ops;
        })), Map.of());
        new ScenarioRunner(plugins).run(new ScenarioParser(plugins).parse("t.scenario",
                "machine backend=vmx apicv=off fastpath=off\nrun until=10us\n"), RunOptions.quiet());
        VmxCpu vmx = ops.cpu(0);
        vmx.vt.exitReason = VmxExitReasons.MSR_WRITE;
        vmx.vmcs.exitMsr = msr;
        vmx.vmcs.exitValue = value;
        return vmx.vcpu;
    }

    @Test
    void kvmCompleteInsnGpInjectsGpForARefusedWrite() throws Exception {
        KvmVcpu vcpu = vcpuAfterAnMsrWriteExit(X2apicMsrs.TDCR, 0x3);
        assertEquals(1, ops.handleExit(vcpu));
        assertTrue(vcpu.arch.exceptionPending);
        assertEquals(VmxOps.GP_VECTOR, vcpu.arch.exceptionVector);
    }

    @Test
    void kvmCompleteInsnGpSkipsAnAcceptedWrite() throws Exception {
        KvmVcpu vcpu = vcpuAfterAnMsrWriteExit(X2apicMsrs.TDCR, 0xb);
        assertEquals(1, ops.handleExit(vcpu));
        assertFalse(vcpu.arch.exceptionPending);
    }
}
