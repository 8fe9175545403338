package org.kvmemu.api.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kvmemu.api.apic.DeliveryMode;

/** The local APIC's priority rules and __apic_accept_irq, behaviour.md §B. */
class LapicTest {

    private KvmFixture f;
    private Lapic apic;

    @BeforeEach
    void setUp() {
        f = new KvmFixture(2, false);
        apic = f.vcpu(0).apic();
        when(f.ops.hasEmulatedMsr(f.kvm, Kvm.MSR_IA32_SMBASE)).thenReturn(true);
    }

    @ParameterizedTest(name = "tpr=0x{0} isr=0x{1} -> ppr=0x{2}")
    @CsvSource({
        "00, none, 00",
        "20, none, 20",
        "25, none, 25",
        "20, 30, 30",
        "30, 31, 30",
        "3f, 35, 3f",
        "40, 35, 40",
        "00, ff, f0",
    })
    void b_pprIsTprOrTheInServiceClass(String tpr, String isrv, String ppr) {
        if (!isrv.equals("none")) {
            apic.isr().set(Integer.parseInt(isrv, 16));
        }
        apic.tprWrittenByCpu(Integer.parseInt(tpr, 16));
        apic.updatePpr();
        assertEquals(Integer.parseInt(ppr, 16), apic.ppr());
    }

    @Test
    void b_hasInterruptOnlyAboveTheProcessorPriorityClass() {
        apic.irr().set(0x35);
        apic.setTpr(0x30);
        assertEquals(-1, apic.hasInterrupt(), "same class as TPR is masked");
        apic.setTpr(0x20);
        assertEquals(0x35, apic.hasInterrupt());
    }

    @Test
    void b_pprDropExposingIrrRaisesKvmReqEvent() {
        apic.irr().set(0x35);
        apic.setTpr(0x40);
        f.vcpu(0).checkRequest(KvmRequests.EVENT);
        apic.setTpr(0x00);
        assertTrue(f.vcpu(0).checkRequest(KvmRequests.EVENT));
    }

    @Test
    void b_ackMovesIrrToIsrAndEoiRetiresTheHighest_thenLowerVectorIsUnmasked() {
        apic.irr().set(0x51);
        apic.irr().set(0x31);
        apic.ackInterrupt(apic.hasInterrupt());
        assertTrue(apic.isr().test(0x51));
        assertEquals(0x50, apic.ppr());
        assertEquals(-1, apic.hasInterrupt(), "0x31 is below the in-service class");

        assertEquals(0x51, apic.setEoi());

        assertFalse(apic.isr().test(0x51));
        assertEquals(0x31, apic.hasInterrupt());
        assertTrue(f.vcpu(0).testRequest(KvmRequests.EVENT));
    }

    @Test
    void b_eoiWithNothingInServiceReturnsMinusOne() {
        assertEquals(-1, apic.setEoi());
    }

    @Test
    void b_fixedSetsTmrToTheTriggerModeAndCallsDeliverInterrupt() {
        assertEquals(1, apic.acceptIrq(DeliveryMode.FIXED, 0x40, true, true));
        assertTrue(apic.tmr().test(0x40));
        assertEquals(1, apic.acceptIrq(DeliveryMode.FIXED, 0x40, true, false));
        assertFalse(apic.tmr().test(0x40));
        verify(f.ops, org.mockito.Mockito.times(2)).deliverInterrupt(eq(apic), eq(0), anyBoolean(), eq(0x40));
    }

    @Test
    void b_levelTriggeredDeassertIsDropped() {
        assertEquals(0, apic.acceptIrq(DeliveryMode.FIXED, 0x40, false, true));
        verify(f.ops, never()).deliverInterrupt(any(), anyInt(), anyBoolean(), anyInt());
    }

    @Test
    void b_lowestPriorityCountsArbitrationThenActsAsFixed() {
        apic.acceptIrq(DeliveryMode.LOWEST, 0x41, true, false);
        assertEquals(1, apic.arbPrio());
        verify(f.ops).deliverInterrupt(apic, DeliveryMode.LOWEST.bits(), false, 0x41);
    }

    @Test
    void b_nmiModeQueuesAnNmi() {
        assertEquals(1, apic.acceptIrq(DeliveryMode.NMI, 0, true, false));
        assertEquals(1, f.vcpu(0).arch.nmiQueued);
        assertTrue(f.vcpu(0).testRequest(KvmRequests.NMI));
    }

    @Test
    void b_smiModeIsDroppedWhenKvmInjectSmiFails() {
        when(f.ops.hasEmulatedMsr(f.kvm, Kvm.MSR_IA32_SMBASE)).thenReturn(false);
        assertEquals(0, apic.acceptIrq(DeliveryMode.SMI, 0, true, false));
        assertFalse(f.vcpu(0).testRequest(KvmRequests.SMI));
    }

    @Test
    void a6_lvt0ExtIntIsAcceptedOnTheBspOnly() {
        assertTrue(f.vcpu(0).apic().acceptPicIntr());
        assertFalse(f.vcpu(1).apic().acceptPicIntr());
    }

    @Test
    void apicHasInterruptForPprAsksSyncPirToIrrEvenWhileApicvIsInactive() {
        KvmFixture withHook = new KvmFixture(1, false, java.util.Set.of("sync_pir_to_irr"));
        KvmVcpu v = withHook.vcpu(0);
        assertFalse(v.arch.apicvActive);
        when(withHook.ops.syncPirToIrr(v)).thenReturn(0x40);
        assertEquals(0x40, v.apic().hasInterrupt(), "a vector the hook found in PIR counts");
        verify(withHook.ops).syncPirToIrr(v);
    }

    @Test
    void kvmLapicResetSoftwareDisablesTheApicUntilSpivIsWritten() {
        KvmVcpu ap = f.vcpu(1);
        ap.reset(true);
        assertEquals(0xff, ap.apic().spiv());
        assertFalse(ap.apic().enabled());
        assertEquals(0, ap.apic().acceptIrq(DeliveryMode.FIXED, 0x50, true, false), "__apic_accept_irq: !apic_enabled");
        ap.apic().x2apicMsrWrite(org.kvmemu.api.apic.X2apicMsrs.SPIV, 0x1ff);
        assertTrue(ap.apic().enabled());
        assertEquals(1, ap.apic().acceptIrq(DeliveryMode.FIXED, 0x50, true, false));
    }

    @Test
    void anSpivWriteThatDisablesTheApicMasksEveryLvt() {
        Lapic bsp = f.vcpu(0).apic();
        bsp.x2apicMsrWrite(org.kvmemu.api.apic.X2apicMsrs.LVTT, 0xec);
        bsp.x2apicMsrWrite(org.kvmemu.api.apic.X2apicMsrs.SPIV, 0xff);
        assertTrue((bsp.lvt0() & Lapic.LVT_MASKED) != 0);
        assertTrue((bsp.timer().lvtt() & Lapic.LVT_MASKED) != 0);
        bsp.x2apicMsrWrite(org.kvmemu.api.apic.X2apicMsrs.LVTT, 0xec);
        assertTrue((bsp.timer().lvtt() & Lapic.LVT_MASKED) != 0, "an LVT write while disabled stays masked");
    }
}
