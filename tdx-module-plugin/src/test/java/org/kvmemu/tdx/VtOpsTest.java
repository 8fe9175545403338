package org.kvmemu.tdx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockingDetails;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.kvmemu.api.kvm.Kvm;
import org.kvmemu.api.kvm.KvmVcpu;
import org.kvmemu.api.kvm.Lapic;
import org.kvmemu.api.spi.Hook;
import org.kvmemu.api.spi.VmType;
import org.kvmemu.api.spi.X86Ops;

/**
 * The {@code vt} dispatch of vmx/main.c, hook by hook against doubles of both tables (behaviour.md §D):
 * a TD vCPU never reaches kvm-intel's VMX code, and an ordinary vCPU reaches it with the same
 * arguments and never reaches TDX.
 */
class VtOpsTest {

    /** {@code MSR_IA32_SMBASE}. */
    private static final int SMBASE = 0x9e;

    /** TDX-only hooks: installed only when TDX is enabled, never asked of an ordinary VM. */
    private static final Set<String> TDX_ONLY = Set.of("protectedApicHasInterrupt");

    private static Stream<Method> perVcpuHooks() {
        return Arrays.stream(X86Ops.class.getMethods())
                .filter(m -> m.getParameterCount() > 0)
                .filter(m -> m.getParameterTypes()[0] == KvmVcpu.class || m.getParameterTypes()[0] == Lapic.class)
                .sorted(Comparator.comparing(Method::getName));
    }

    private static Object[] args(Method hook, VmType type) {
        Kvm kvm = mock(Kvm.class);
        when(kvm.type()).thenReturn(type);
        KvmVcpu vcpu = mock(KvmVcpu.class);
        when(vcpu.kvm()).thenReturn(kvm);
        Class<?>[] types = hook.getParameterTypes();
        Object[] args = new Object[types.length];
        if (types[0] == Lapic.class) {
            Lapic apic = mock(Lapic.class);
            when(apic.vcpu()).thenReturn(vcpu);
            args[0] = apic;
        } else {
            args[0] = vcpu;
        }
        for (int i = 1; i < types.length; i++) {
            args[i] = types[i] == int.class ? 0 : types[i] == long.class ? 0L : types[i] == boolean.class ? false : null;
        }
        return args;
    }

    @TestFactory
    Stream<DynamicTest> aTdVcpuNeverReachesTheVmxTable() {
        return perVcpuHooks().map(hook -> dynamicTest(hook.getName(), () -> {
            X86Ops vmx = mock(X86Ops.class);
            TdxOps tdx = mock(TdxOps.class);
            hook.invoke(new VtOps(vmx, tdx), args(hook, VmType.TD));
            verifyNoInteractions(vmx);
        }));
    }

    /** Every hook vt provides (an optional one vt leaves out, such as SVM's vNMI, is not asked). */
    @TestFactory
    Stream<DynamicTest> anOrdinaryVcpuGoesToTheVmxHookOfTheSameName() {
        X86Ops vt = new VtOps();
        return perVcpuHooks().filter(m -> !TDX_ONLY.contains(m.getName()))
                .filter(m -> vt.has(m.getAnnotation(Hook.class).value())).map(hook -> dynamicTest(hook.getName(), () -> {
            X86Ops vmx = mock(X86Ops.class);
            TdxOps tdx = mock(TdxOps.class);
            Object[] args = args(hook, VmType.DEFAULT);
            hook.invoke(new VtOps(vmx, tdx), args);
            hook.invoke(verify(vmx), args);
            verifyNoInteractions(tdx);
        }));
    }

    /**
     * Spec §F, the TD column: these hooks run TDX's own code for a TD vCPU; every other per-vCPU
     * hook is a no-op or a constant for a TD (§D.1, §D.5, §D.8, §D.10) and touches neither table.
     */
    private static final Set<String> TD_TO_TDX = Set.of("vcpuCreate", "vcpuLoad", "vcpuPut", "vcpuRun",
            "handleExitIrqoff", "handleExit", "getExitInfo", "injectNmi", "interruptAllowed", "deliverInterrupt",
            "refreshApicvExecCtrl", "apicvPreStateRestore", "protectedApicHasInterrupt", "smiAllowed", "enterSmm",
            "leaveSmm", "enableSmiWindow");

    @TestFactory
    Stream<DynamicTest> aTdVcpuReachesTdxExactlyWhereTheOpsTableSays() {
        return perVcpuHooks().map(hook -> dynamicTest(hook.getName(), () -> {
            TdxOps tdx = mock(TdxOps.class);
            hook.invoke(new VtOps(mock(X86Ops.class), tdx), args(hook, VmType.TD));
            assertEquals(TD_TO_TDX.contains(hook.getName()), !mockingDetails(tdx).getInvocations().isEmpty(),
                    hook.getName() + " reaches TdxOps");
        }));
    }

    /** The VM-wide hooks: vm_init and has_emulated_msr per VM type (vt_has_emulated_msr), as vmx/main.c. */
    @Test
    void vmWideHooksFollowTheVmType() {
        X86Ops vmx = mock(X86Ops.class);
        TdxOps tdx = mock(TdxOps.class);
        Kvm td = mock(Kvm.class);
        when(td.type()).thenReturn(VmType.TD);
        Kvm plain = mock(Kvm.class);
        when(plain.type()).thenReturn(VmType.DEFAULT);
        VtOps vt = new VtOps(vmx, tdx);

        vt.vmInit(td);
        verify(tdx).vmInit(td);
        verifyNoInteractions(vmx);
        assertFalse(vt.hasEmulatedMsr(td, SMBASE), "§D.7: no SMBASE for a TD");
        verifyNoInteractions(vmx);
        when(vmx.hasEmulatedMsr(plain, SMBASE)).thenReturn(true);
        assertTrue(vt.hasEmulatedMsr(plain, SMBASE));
        when(vmx.hasEmulatedMsr(null, SMBASE)).thenReturn(true);
        assertTrue(vt.hasEmulatedMsr(null, SMBASE), "no VM yet (KVM_GET_MSR_INDEX_LIST): VMX's answer");
    }

    /** A TD's VM state and required inhibits come from TDX; an ordinary VM's from VMX. */
    @Test
    void vmStateAndRequiredInhibitsFollowTheVm() {
        X86Ops vmx = mock(X86Ops.class);
        TdxOps tdx = mock(TdxOps.class);
        when(vmx.requiredApicvInhibits()).thenReturn(0x7fL);
        when(tdx.vendorVmState()).thenReturn("td-fatal");
        when(vmx.vendorVmState()).thenReturn(null);
        Kvm td = mock(Kvm.class);
        when(td.type()).thenReturn(VmType.TD);
        VtOps onTd = new VtOps(vmx, tdx);
        onTd.vmInit(td);
        assertEquals("td-fatal", onTd.vendorVmState());
        assertEquals(0x7fL, onTd.requiredApicvInhibits(), "§D.9: the VMX mask, no TDX reason");
        when(tdx.v1()).thenReturn(true);
        assertEquals(0x7fL | 1L << TdxOps.APICV_INHIBIT_TDX, onTd.requiredApicvInhibits(), "§D.9, v1");

        Kvm plain = mock(Kvm.class);
        when(plain.type()).thenReturn(VmType.DEFAULT);
        VtOps onVm = new VtOps(vmx, tdx);
        onVm.vmInit(plain);
        assertEquals(null, onVm.vendorVmState());
        assertEquals(0x7fL, onVm.requiredApicvInhibits());
    }
}
