package org.kvmemu.api.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

/** kvm_check_and_inject_events against a mocked hook table: the kernel's priority order, behaviour.md §A.5. */
class CheckAndInjectEventsTest {

    private KvmFixture f;
    private KvmVcpu vcpu;

    @BeforeEach
    void setUp() {
        f = new KvmFixture(1, false);
        vcpu = f.vcpu(0);
        when(f.ops.smiAllowed(any(), anyBoolean())).thenReturn(1);
        when(f.ops.nmiAllowed(any(), anyBoolean())).thenReturn(1);
        when(f.ops.interruptAllowed(any(), anyBoolean())).thenReturn(1);
        when(f.ops.hasEmulatedMsr(f.kvm, Kvm.MSR_IA32_SMBASE)).thenReturn(true);
        clearInvocations(f.ops);
    }

    @Test
    void a5_reinjectedInterruptComesFirstAndBlocksNewEventsWithEbusy() {
        vcpu.arch.interruptInjected = true;
        vcpu.arch.interruptNr = 0x40;
        vcpu.arch.smiPending = true;

        int r = vcpu.events().checkAndInjectEvents();

        InOrder order = inOrder(f.ops);
        order.verify(f.ops).injectIrq(vcpu, true);
        verify(f.ops, never()).smiAllowed(any(), anyBoolean());
        verify(f.ops, never()).enterSmm(any());
        assertEquals(-Errno.EBUSY, r, "a pending SMI behind a re-injection asks for an immediate exit");
        assertTrue(vcpu.arch.smiPending);
    }

    @Test
    void a5_reinjectedNmiBeforeInterrupt() {
        vcpu.arch.nmiInjected = true;
        vcpu.arch.interruptInjected = true;

        vcpu.events().checkAndInjectEvents();

        verify(f.ops).injectNmi(vcpu);
        verify(f.ops, never()).injectIrq(any(), anyBoolean());
    }

    @Test
    void a5_smiFirst_theWaitingNmiAsksForAnImmediateExit() {
        vcpu.arch.smiPending = true;
        vcpu.arch.nmiPending = 1;
        vcpu.apic().irr().set(0x30);

        int r = vcpu.events().checkAndInjectEvents();

        InOrder order = inOrder(f.ops);
        order.verify(f.ops).smiAllowed(vcpu, true);
        order.verify(f.ops).enterSmm(vcpu);
        verify(f.ops, never()).injectNmi(any());
        verify(f.ops, never()).injectIrq(any(), anyBoolean());
        assertEquals(-Errno.EBUSY, r, "the NMI waits behind the SMI: immediate exit requested");
        assertTrue(vcpu.arch.inSmm);
        assertFalse(vcpu.arch.smiPending);
    }

    @Test
    void a5_nmiBeforeIrq_theWaitingInterruptAsksForAnImmediateExit() {
        vcpu.arch.nmiPending = 1;
        vcpu.apic().irr().set(0x30);

        int r = vcpu.events().checkAndInjectEvents();

        InOrder order = inOrder(f.ops);
        order.verify(f.ops).nmiAllowed(vcpu, true);
        order.verify(f.ops).injectNmi(vcpu);
        verify(f.ops, never()).injectIrq(any(), anyBoolean());
        assertEquals(-Errno.EBUSY, r);
        assertTrue(vcpu.arch.nmiInjected);
        assertEquals(0, vcpu.arch.nmiPending);
    }

    @Test
    void a5_secondPendingNmiArmsTheNmiWindow() {
        vcpu.arch.nmiPending = 2;

        vcpu.events().checkAndInjectEvents();

        InOrder order = inOrder(f.ops);
        order.verify(f.ops).injectNmi(vcpu);
        order.verify(f.ops).enableNmiWindow(vcpu);
        assertEquals(1, vcpu.arch.nmiPending);
    }

    @Test
    void a5_irqInjectedWhenAllowed_acknowledgedIntoIsr() {
        vcpu.apic().irr().set(0x30);

        int r = vcpu.events().checkAndInjectEvents();

        verify(f.ops).injectIrq(vcpu, false);
        assertEquals(0, r);
        assertEquals(0x30, vcpu.arch.interruptNr);
        assertTrue(vcpu.apic().isr().test(0x30));
        assertFalse(vcpu.apic().irr().test(0x30));
        verify(f.ops, never()).enableIrqWindow(any());
    }

    @Test
    void a5_irqBlockedByGuestArmsTheIrqWindow() {
        when(f.ops.interruptAllowed(any(), anyBoolean())).thenReturn(0);
        vcpu.apic().irr().set(0x30);

        vcpu.events().checkAndInjectEvents();

        verify(f.ops, never()).injectIrq(any(), anyBoolean());
        verify(f.ops).enableIrqWindow(vcpu);
        assertTrue(vcpu.apic().irr().test(0x30), "still pending in IRR");
    }

    @Test
    void a5_smiNotAllowedArmsTheSmiWindow() {
        when(f.ops.smiAllowed(any(), anyBoolean())).thenReturn(0);
        vcpu.arch.smiPending = true;

        vcpu.events().checkAndInjectEvents();

        verify(f.ops).enableSmiWindow(vcpu);
        verify(f.ops, never()).enterSmm(any());
    }

    @Test
    void a6_apicvActiveMeansNoInjectableApicInterrupt() {
        KvmFixture withApicv = new KvmFixture(1, true);
        KvmVcpu v = withApicv.vcpu(0);
        v.apic().irr().set(0x30);

        v.events().checkAndInjectEvents();

        verify(withApicv.ops, never()).injectIrq(any(), anyBoolean());
        verify(withApicv.ops, never()).interruptAllowed(any(), eq(true));
    }

    @Test
    void a6_extintFromKvmInterruptIsInjectedOnTheBsp() {
        KvmFixture withIsrHook = new KvmFixture(1, false, Set.of("hwapic_isr_update"));
        KvmVcpu bsp = withIsrHook.vcpu(0);
        when(withIsrHook.ops.interruptAllowed(any(), anyBoolean())).thenReturn(1);
        assertEquals(0, withIsrHook.fd(0).interrupt(0x20));

        bsp.events().checkAndInjectEvents();

        verify(withIsrHook.ops).injectIrq(bsp, false);
        assertEquals(0x20, bsp.arch.interruptNr);
        assertEquals(-1, bsp.arch.pendingExternalVector);
        // an ExtINT vector comes from the PIC, not the LAPIC: no ISR bit, so the present hook is not called
        verify(withIsrHook.ops, never()).hwapicIsrUpdate(any(), anyInt());
    }
}
