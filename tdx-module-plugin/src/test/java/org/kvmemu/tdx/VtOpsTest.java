package org.kvmemu.tdx;

import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.junit.jupiter.api.TestFactory;
import org.kvmemu.api.kvm.Kvm;
import org.kvmemu.api.kvm.KvmVcpu;
import org.kvmemu.api.kvm.Lapic;
import org.kvmemu.api.spi.Hook;
import org.kvmemu.api.spi.VmType;
import org.kvmemu.api.spi.X86Ops;

/**
 * The {@code vt} dispatch of vmx/main.c, hook by hook against doubles of both tables (spec §D):
 * a TD vCPU never reaches kvm-intel's VMX code, and an ordinary vCPU reaches it with the same
 * arguments and never reaches TDX.
 */
class VtOpsTest {

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

    /** The TD path is not empty: most hooks reach TDX's own code rather than doing nothing. */
    @TestFactory
    Stream<DynamicTest> tdxOnlyHooksReachTdx() {
        return perVcpuHooks().filter(m -> TDX_ONLY.contains(m.getName())).map(hook -> dynamicTest(hook.getName(), () -> {
            TdxOps tdx = mock(TdxOps.class);
            hook.invoke(new VtOps(mock(X86Ops.class), tdx), args(hook, VmType.TD));
            assertFalse(mockingDetails(tdx).getInvocations().isEmpty());
        }));
    }
}
