package org.kvmemu.api.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import org.junit.jupiter.api.Test;
import org.kvmemu.api.apic.DeliveryMode;
import org.kvmemu.api.apic.X2apicMsrs;

/**
 * Spec §C: x86.c's exit fastpaths, {@code handle_fastpath_set_msr_irqoff} and
 * {@code handle_fastpath_hlt}, and a self-kick from a fastpath.
 */
class FastpathTest {

    private final KvmFixture f = new KvmFixture(2, false);
    private final KvmVcpu v = f.vcpu(0);

    @Test
    void handleFastpathSetMsrIrqoffSendsAFixedPhysicalIpi() {
        assertEquals(ExitFastpath.REENTER_GUEST, v.handleFastpathSetMsrIrqoff(X2apicMsrs.ICR, 1L << 32 | 0x4050));
        verify(f.ops).deliverInterrupt(f.vcpu(1).apic(), 0, false, 0x50);
        assertEquals("kvm_msr: msr_write 830 = 0x100004050", f.lines.get(f.lines.size() - 1));
    }

    @Test
    void handleFastpathSetX2apicIcrIrqoffLeavesEveryOtherIcrValueToTheFullPath() {
        assertEquals(ExitFastpath.NONE, v.handleFastpathSetMsrIrqoff(X2apicMsrs.ICR, 0x44050), "shorthand self");
        assertEquals(ExitFastpath.NONE, v.handleFastpathSetMsrIrqoff(X2apicMsrs.ICR, 1L << 32 | 0x4850), "logical");
        assertEquals(ExitFastpath.NONE, v.handleFastpathSetMsrIrqoff(X2apicMsrs.ICR, 1L << 32 | 0x4150), "lowest");
        assertEquals(ExitFastpath.NONE, v.handleFastpathSetMsrIrqoff(X2apicMsrs.ICR, 0xffffffffL << 32 | 0x4050),
                "X2APIC_BROADCAST");
        assertEquals(ExitFastpath.NONE, v.handleFastpathSetMsrIrqoff(X2apicMsrs.EOI, 0));
        verify(f.ops, never()).deliverInterrupt(any(), anyInt(), anyBoolean(), anyInt());
    }

    @Test
    void handleFastpathSetTscdeadlineNeedsTheHvTimer() {
        assertEquals(ExitFastpath.NONE, v.handleFastpathSetMsrIrqoff(X2apicMsrs.TSC_DEADLINE, 1000));
    }

    @Test
    void handleFastpathHltReentersOnlyWithEvents() {
        assertEquals(ExitFastpath.EXIT_HANDLED, v.handleFastpathHlt());
        assertEquals(MpState.HALTED, v.arch.mpState);
        v.arch.mpState = MpState.RUNNABLE;
        v.apic().acceptIrq(DeliveryMode.INIT, 0, true, false);
        assertEquals(ExitFastpath.REENTER_GUEST, v.handleFastpathHlt());
        assertEquals(2, v.stat().haltExits);
    }

    @Test
    void aKickFromTheVcpusOwnThreadInGuestModeOnlyMarksItExiting() {
        v.setMode(VcpuMode.IN_GUEST_MODE);
        f.trace.setContext(v.task(), v.cpu());
        v.kick();
        assertEquals(VcpuMode.EXITING_GUEST_MODE, v.mode());
        assertTrue(f.lines.stream().noneMatch(l -> l.startsWith("host_ipi")), f.lines.toString());
    }
}
