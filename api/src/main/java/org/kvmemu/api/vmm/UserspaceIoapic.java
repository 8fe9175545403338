package org.kvmemu.api.vmm;

import org.kvmemu.api.apic.DeliveryMode;
import org.kvmemu.api.kvm.Kvm;
import org.kvmemu.api.kvm.VmFd;

/**
 * Userspace's I/O APIC with the split irqchip, as QEMU's {@code hw/intc/ioapic.c} drives KVM: a
 * pin's redirection entry (fixed delivery to one destination) becomes its MSI GSI route
 * ({@code ioapic_update_kvm_routes}: KVM_SET_GSI_ROUTING); raising a pin ({@code ioapic_service})
 * raises and lowers an edge pin's GSI and raises a level pin's, which sets the pin's Remote IRR;
 * a level pin raised again while Remote IRR is set waits for the EOI. KVM_EXIT_IOAPIC_EOI
 * ({@code ioapic_eoi_broadcast}) clears Remote IRR of the level pins with that vector and
 * delivers a pin raised meanwhile. The device lowers its line once the interrupt is delivered.
 */
final class UserspaceIoapic {

    /** The I/O APIC's pins (QEMU's IOAPIC_NUM_PINS). */
    static final int PINS = 24;

    private final VmFd vm;
    private final int[] vector = new int[PINS];
    private final boolean[] level = new boolean[PINS];
    private final boolean[] remoteIrr = new boolean[PINS];
    private final boolean[] raisedAgain = new boolean[PINS];

    UserspaceIoapic(VmFd vm) {
        this.vm = vm;
    }

    /** The device on {@code pin} raises it; the redirection entry sends {@code vec} to {@code dest}. */
    void raise(int pin, int dest, int vec, boolean levelTriggered) {
        vector[pin] = vec;
        level[pin] = levelTriggered;
        vm.setGsiRoute(pin, Kvm.msiAddress(dest), Kvm.msiData(vec, DeliveryMode.FIXED, levelTriggered));
        if (!levelTriggered) {
            vm.irqLine(pin, 1);
            vm.irqLine(pin, 0);
        } else if (remoteIrr[pin]) {
            raisedAgain[pin] = true;
        } else {
            remoteIrr[pin] = true;
            vm.irqLine(pin, 1);
        }
    }

    /** {@code ioapic_eoi_broadcast} for {@code vec}. */
    void eoi(int vec) {
        for (int pin = 0; pin < PINS; pin++) {
            if (!level[pin] || vector[pin] != vec || !remoteIrr[pin]) {
                continue;
            }
            remoteIrr[pin] = false;
            if (raisedAgain[pin]) {
                raisedAgain[pin] = false;
                remoteIrr[pin] = true;
                vm.irqLine(pin, 1);
            }
        }
    }
}
