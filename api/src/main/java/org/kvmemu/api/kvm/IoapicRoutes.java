package org.kvmemu.api.kvm;

import org.kvmemu.api.apic.ApicBitmap;

/**
 * The GSI routes of the I/O APIC pins, which with a split irqchip userspace's I/O APIC programs as
 * MSI routes (KVM_SET_GSI_ROUTING of the first {@code nr_reserved_ioapic_pins} GSIs), and
 * {@code kvm_scan_ioapic_routes}, which fills a vCPU's {@code ioapic_handled_vectors} from the
 * level-triggered ones (irq_comm.c).
 */
final class IoapicRoutes {

    /** {@code nr_reserved_ioapic_pins}: QEMU's KVM_CAP_SPLIT_IRQCHIP argument, its I/O APIC's 24 pins. */
    static final int NR_RESERVED_IOAPIC_PINS = 24;
    /** MSI data bit 15: level-triggered. */
    private static final long MSI_DATA_LEVEL = 1 << 15;

    private final long[] address = new long[NR_RESERVED_IOAPIC_PINS];
    private final long[] data = new long[NR_RESERVED_IOAPIC_PINS];
    private final boolean[] present = new boolean[NR_RESERVED_IOAPIC_PINS];

    /** Routes GSI {@code gsi} as the MSI ({@code address}, {@code data}); returns whether the route changed. */
    boolean set(int gsi, long msiAddress, long msiData) {
        boolean changed = !present[gsi] || address[gsi] != msiAddress || data[gsi] != msiData;
        present[gsi] = true;
        address[gsi] = msiAddress;
        data[gsi] = msiData;
        return changed;
    }

    /** Whether GSI {@code gsi} has a route. */
    boolean present(int gsi) {
        return present[gsi];
    }

    /** The MSI address of GSI {@code gsi}'s route. */
    long address(int gsi) {
        return address[gsi];
    }

    /** The MSI data of GSI {@code gsi}'s route. */
    long data(int gsi) {
        return data[gsi];
    }

    /**
     * {@code kvm_scan_ioapic_routes} with {@code kvm_scan_ioapic_irq}: every level-triggered route
     * whose destination is {@code vcpu} (physical ID or broadcast) sets its vector in
     * {@code handled}; one that no longer targets it still does while the vector is pending there
     * ({@code kvm_apic_pending_eoi}), tracked as {@code highest_stale_pending_ioapic_eoi}.
     */
    void scan(KvmVcpu vcpu, ApicBitmap handled) {
        for (int gsi = 0; gsi < NR_RESERVED_IOAPIC_PINS; gsi++) {
            if (!present[gsi] || (data[gsi] & MSI_DATA_LEVEL) == 0) {
                continue;
            }
            int vector = (int) data[gsi] & 0xff;
            int dest = (int) (((address[gsi] >>> 12) & 0xff) | ((address[gsi] >>> 32) & 0xffffff00L));
            if (dest == vcpu.id() || dest == Kvm.XAPIC_BROADCAST || dest == Kvm.X2APIC_BROADCAST) {
                handled.set(vector);
            } else if (vcpu.apic().isr().test(vector) || vcpu.apic().irr().test(vector)) {
                handled.set(vector);
                vcpu.arch.highestStalePendingIoapicEoi = Math.max(vcpu.arch.highestStalePendingIoapicEoi, vector);
            }
        }
    }
}
