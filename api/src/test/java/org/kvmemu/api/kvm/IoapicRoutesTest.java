package org.kvmemu.api.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.kvmemu.api.apic.ApicBitmap;
import org.kvmemu.api.apic.DeliveryMode;

/**
 * Spec §A.2 (split irqchip), §C (EOI virtualization): the EOI-exit bitmap with the split irqchip:
 * {@code kvm_scan_ioapic_routes} fills {@code ioapic_handled_vectors} from level-triggered I/O APIC
 * routes only, and
 * {@code kvm_ioapic_send_eoi} turns an EOI of such a vector into KVM_REQ_IOAPIC_EOI_EXIT.
 */
class IoapicRoutesTest {

    private final KvmFixture f = new KvmFixture(2, false, Set.of("load_eoi_exitmap"));

    @Test
    void kvmScanIoapicRoutesTakesLevelRoutesToTheVcpuOnly() {
        IoapicRoutes routes = new IoapicRoutes();
        routes.set(1, Kvm.msiAddress(0), Kvm.msiData(0x41, DeliveryMode.FIXED, true));
        routes.set(2, Kvm.msiAddress(0), Kvm.msiData(0x42, DeliveryMode.FIXED, false));
        routes.set(3, Kvm.msiAddress(1), Kvm.msiData(0x43, DeliveryMode.FIXED, true));
        ApicBitmap handled = new ApicBitmap();
        routes.scan(f.vcpu(0), handled);
        assertTrue(handled.test(0x41));
        assertFalse(handled.test(0x42), "edge");
        assertFalse(handled.test(0x43), "another vCPU's");
        assertEquals(-1, f.vcpu(0).arch.highestStalePendingIoapicEoi);
    }

    @Test
    void kvmScanIoapicIrqKeepsAStalePendingEoiOfAnOldRoute() {
        IoapicRoutes routes = new IoapicRoutes();
        routes.set(3, Kvm.msiAddress(1), Kvm.msiData(0x43, DeliveryMode.FIXED, true));
        f.vcpu(0).apic().isr().set(0x43);
        ApicBitmap handled = new ApicBitmap();
        routes.scan(f.vcpu(0), handled);
        assertTrue(handled.test(0x43));
        assertEquals(0x43, f.vcpu(0).arch.highestStalePendingIoapicEoi);
    }

    @Test
    void aLevelTriggeredMsiAloneLeavesTheEoiExitBitmapEmpty() {
        KvmVcpu v = f.vcpu(0);
        f.kvm.vcpuScanIoapic(v);
        f.kvm.vcpuLoadEoiExitmap(v);
        verify(f.ops).loadEoiExitmap(v, v.arch.ioapicHandledVectors);
        assertTrue(v.arch.ioapicHandledVectors.isEmpty());
        v.apic().isr().set(0x42);
        v.apic().setEoi();
        assertFalse(v.testRequest(KvmRequests.IOAPIC_EOI_EXIT), "no route: kvm_ioapic_send_eoi does nothing");
    }

    @Test
    void kvmIoapicSendEoiOfAHandledVectorAsksForTheUserspaceExit() {
        KvmVcpu v = f.vcpu(0);
        f.kvm.setGsiRoute(5, Kvm.msiAddress(0), Kvm.msiData(0x41, DeliveryMode.FIXED, true));
        assertTrue(v.testRequest(KvmRequests.SCAN_IOAPIC));
        f.kvm.vcpuScanIoapic(v);
        v.apic().isr().set(0x41);
        v.apic().setEoi();
        assertTrue(v.testRequest(KvmRequests.IOAPIC_EOI_EXIT));
        assertEquals(0x41, v.arch.pendingIoapicEoi);
    }

    @Test
    void anUnchangedRouteAsksForNoRescan() {
        f.kvm.setGsiRoute(5, Kvm.msiAddress(0), Kvm.msiData(0x41, DeliveryMode.FIXED, true));
        f.vcpu(1).checkRequest(KvmRequests.SCAN_IOAPIC);
        f.kvm.setGsiRoute(5, Kvm.msiAddress(0), Kvm.msiData(0x41, DeliveryMode.FIXED, true));
        assertFalse(f.vcpu(1).testRequest(KvmRequests.SCAN_IOAPIC));
        verify(f.ops, never()).loadEoiExitmap(any(), any());
    }
}
