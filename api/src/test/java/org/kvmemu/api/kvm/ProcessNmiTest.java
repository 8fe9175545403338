package org.kvmemu.api.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** process_nmi and its limit of 1 or 2, behaviour.md §A.3. */
class ProcessNmiTest {

    @ParameterizedTest(name = "queued={0} pending={1} masked={2} injected={3} -> pending={4}")
    @CsvSource({
        "1, 0, false, false, 1",
        "3, 0, false, false, 2",
        "3, 0, true,  false, 1",
        "3, 0, false, true,  1",
        "1, 1, false, false, 2",
        "5, 2, false, false, 2",
        "0, 0, false, false, 0",
    })
    void a3_limitIsTwoUnlessMaskedOrInjected(int queued, int pending, boolean masked, boolean injected, int expected) {
        KvmFixture f = new KvmFixture(1, false);
        KvmVcpu vcpu = f.vcpu(0);
        when(f.ops.getNmiMask(any())).thenReturn(masked);
        vcpu.arch.nmiQueued = queued;
        vcpu.arch.nmiPending = pending;
        vcpu.arch.nmiInjected = injected;

        vcpu.events().processNmi();

        assertEquals(expected, vcpu.arch.nmiPending);
        assertEquals(0, vcpu.arch.nmiQueued);
        assertEquals(expected > 0, vcpu.testRequest(KvmRequests.EVENT));
    }

    @ParameterizedTest(name = "vNMI pending lowers the limit to {0}")
    @CsvSource({"1"})
    void a3_pendingVnmiTakesOneSlot(int expected) {
        KvmFixture f = new KvmFixture(1, false);
        KvmVcpu vcpu = f.vcpu(0);
        when(f.ops.isVnmiPending(any())).thenReturn(true);
        vcpu.arch.nmiQueued = 3;

        vcpu.events().processNmi();

        assertEquals(expected, vcpu.arch.nmiPending);
    }

    @ParameterizedTest(name = "set_vnmi_pending takes {0} NMI")
    @CsvSource({"1"})
    void a3_hardwareVnmiConsumesOne(int taken) {
        KvmFixture f = new KvmFixture(1, false);
        KvmVcpu vcpu = f.vcpu(0);
        when(f.ops.setVnmiPending(any())).thenReturn(true);
        vcpu.arch.nmiQueued = 1;

        vcpu.events().processNmi();

        assertEquals(1 - taken, vcpu.arch.nmiPending);
        assertFalse(vcpu.testRequest(KvmRequests.EVENT));
        assertTrue(vcpu.arch.nmiQueued == 0);
    }
}
