package org.kvmemu.tdx.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.kvmemu.vmx.common.PiDesc;

/** The TD's virtual APIC as the CPU runs it in SEAM non-root (behaviour.md §D.1, §D.13). */
class TdVapicTest {

    private final TdVapic vapic = new TdVapic();
    private final PiDesc pid = new PiDesc();

    private void post(int... vectors) {
        for (int v : vectors) {
            pid.testAndSetPir(v);
        }
        pid.setOn();
    }

    /** §D.1: posted-interrupt processing clears ON, drains PIR into vIRR and raises RVI. */
    @Test
    void postedInterruptProcessingMovesPirIntoVirr() {
        post(0x30, 0x50);
        vapic.processPostedInterrupts(pid);
        assertFalse(pid.on());
        assertTrue(pid.pir().isEmpty());
        assertEquals(0x50, vapic.rvi());
        assertTrue(vapic.intrPending());
    }

    /** §D.1: delivery takes the highest vector; a lower class waits for the virtual EOI. */
    @Test
    void deliveryTakesRviAndALowerClassWaitsForEoi() {
        post(0x30, 0x50);
        vapic.processPostedInterrupts(pid);
        assertEquals(0x50, vapic.deliver());
        assertEquals(0x30, vapic.rvi());
        assertFalse(vapic.intrPending(), "0x30 is below the in-service 0x50");
        assertEquals(0x50, vapic.eoi());
        assertTrue(vapic.intrPending());
        assertEquals(0x30, vapic.deliver());
        assertEquals(0x30, vapic.eoi());
        assertEquals(0, vapic.eoi(), "nothing in service");
        assertFalse(vapic.intrPending());
    }

    /** §D.13: INTR_PENDING honours the TD's VTPR, which KVM cannot see. */
    @Test
    void vtprMasksItsClassAndBelow() {
        post(0x40);
        vapic.processPostedInterrupts(pid);
        vapic.setVtpr(0x40);
        assertFalse(vapic.intrPending());
        vapic.setVtpr(0x3f);
        assertTrue(vapic.intrPending());
        assertEquals(0x3f, vapic.vtpr());
    }

    /** A second notification merges with what is already in vIRR. */
    @Test
    void aSecondNotificationMergesIntoVirr() {
        post(0x60);
        vapic.processPostedInterrupts(pid);
        post(0x31);
        vapic.processPostedInterrupts(pid);
        assertEquals(0x60, vapic.rvi());
        assertEquals(0x60, vapic.deliver());
        assertEquals(0x31, vapic.rvi());
    }
}
