package org.kvmemu.api.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Optional hooks are called the way the kernel calls a {@code kvm_x86_ops} member that may be
 * NULL ({@code static_call_cond}, or an explicit test): never when the table does not have it, and
 * the table is asked once, when it is installed ({@code kvm_ops_update}), not on every call.
 */
class OptionalHooksTest {

    @Test
    void syncPirToIrrAbsentMeansTheHighestIrrVector() {
        KvmFixture f = new KvmFixture(1, true, Set.of());
        KvmVcpu v = f.vcpu(0);
        v.apic().irr().set(0x30);

        assertEquals(0x30, f.kvm.syncPirToIrr(v));
        verify(f.ops, never()).syncPirToIrr(any());
    }

    @Test
    void syncPirToIrrPresentIsWhatTheVendorAnswers() {
        KvmFixture f = new KvmFixture(1, true, Set.of("sync_pir_to_irr"));
        KvmVcpu v = f.vcpu(0);
        v.apic().irr().set(0x30);
        when(f.ops.syncPirToIrr(v)).thenReturn(-1);

        assertEquals(-1, f.kvm.syncPirToIrr(v));
        f.kvm.syncPirToIrr(v);
        verify(f.ops, times(2)).syncPirToIrr(v);
        verify(f.ops, times(1)).has("sync_pir_to_irr");
    }

    @Test
    void hwapicIsrUpdateIsStaticCallCond() {
        KvmFixture absent = new KvmFixture(1, true, Set.of());
        absent.kvm.hwapicIsrUpdate(absent.vcpu(0), 0x30);
        verify(absent.ops, never()).hwapicIsrUpdate(any(), anyInt());

        KvmFixture present = new KvmFixture(1, true, Set.of("hwapic_isr_update"));
        present.kvm.hwapicIsrUpdate(present.vcpu(0), 0x30);
        verify(present.ops).hwapicIsrUpdate(present.vcpu(0), 0x30);
    }

    @Test
    void updateCr8InterceptAndApicvPreStateRestoreAreStaticCallCond() {
        KvmFixture absent = new KvmFixture(1, false, Set.of());
        absent.kvm.updateCr8Intercept(absent.vcpu(0), 2, 0x30);
        absent.kvm.apicvPreStateRestore(absent.vcpu(0));
        verify(absent.ops, never()).updateCr8Intercept(any(), anyInt(), anyInt());
        verify(absent.ops, never()).apicvPreStateRestore(any());

        KvmFixture present = new KvmFixture(1, false, Set.of("update_cr8_intercept", "apicv_pre_state_restore"));
        present.kvm.updateCr8Intercept(present.vcpu(0), 2, 0x30);
        present.kvm.apicvPreStateRestore(present.vcpu(0));
        verify(present.ops).updateCr8Intercept(present.vcpu(0), 2, 0x30);
        verify(present.ops).apicvPreStateRestore(present.vcpu(0));
    }

    @Test
    void protectedApicHasInterruptAbsentIsFalse() {
        KvmFixture absent = new KvmFixture(1, true, Set.of());
        when(absent.ops.protectedApicHasInterrupt(any())).thenReturn(true);
        assertFalse(absent.kvm.protectedApicHasInterrupt(absent.vcpu(0)));
        verify(absent.ops, never()).protectedApicHasInterrupt(any());

        KvmFixture present = new KvmFixture(1, true, Set.of("protected_apic_has_interrupt"));
        when(present.ops.protectedApicHasInterrupt(present.vcpu(0))).thenReturn(true);
        assertTrue(present.kvm.protectedApicHasInterrupt(present.vcpu(0)));
    }
}
