package org.kvmemu.api.kvm;

import org.kvmemu.api.annotation.API;

/**
 * vCPU request bits ({@code KVM_REQ_*}), at the kernel's bit positions so that {@code kvm_exit}'s
 * {@code requests} field reads as it would: generic requests from bit 0, x86 ones from
 * {@code KVM_REQUEST_ARCH_BASE} (8).
 */
@API(status = API.Status.STABLE, since = "1")
public final class KvmRequests {
    /** {@code KVM_REQ_VM_DEAD}: the VM is dead; KVM_RUN returns -EIO. */
    public static final int VM_DEAD = 1;
    /** {@code KVM_REQ_UNBLOCK}: leave kvm_vcpu_block (e.g. a timer fired). */
    public static final int UNBLOCK = 2;
    /** {@code KVM_REQ_EVENT}: re-evaluate pending events before the next entry. */
    public static final int EVENT = 8 + 6;
    /** {@code KVM_REQ_NMI}: run process_nmi. */
    public static final int NMI = 8 + 9;
    /** {@code KVM_REQ_SMI}: run process_smi. */
    public static final int SMI = 8 + 12;
    /** {@code KVM_REQ_SCAN_IOAPIC}: recompute {@code ioapic_handled_vectors} (the I/O APIC routes changed). */
    public static final int SCAN_IOAPIC = 8 + 15;
    /** {@code KVM_REQ_IOAPIC_EOI_EXIT}: tell userspace's I/O APIC about an EOI (KVM_EXIT_IOAPIC_EOI). */
    public static final int IOAPIC_EOI_EXIT = 8 + 19;
    /** {@code KVM_REQ_LOAD_EOI_EXITMAP}: load the EOI-exit bitmap from {@code ioapic_handled_vectors}. */
    public static final int LOAD_EOI_EXITMAP = 8 + 23;
    /** {@code KVM_REQ_APICV_UPDATE}: APICv inhibits changed. */
    public static final int APICV_UPDATE = 8 + 25;

    private KvmRequests() {
    }

    /** The request's kernel name, e.g. {@code KVM_REQ_EVENT}. */
    public static String name(int bit) {
        return switch (bit) {
            case VM_DEAD -> "KVM_REQ_VM_DEAD";
            case UNBLOCK -> "KVM_REQ_UNBLOCK";
            case EVENT -> "KVM_REQ_EVENT";
            case NMI -> "KVM_REQ_NMI";
            case SMI -> "KVM_REQ_SMI";
            case APICV_UPDATE -> "KVM_REQ_APICV_UPDATE";
            case SCAN_IOAPIC -> "KVM_REQ_SCAN_IOAPIC";
            case IOAPIC_EOI_EXIT -> "KVM_REQ_IOAPIC_EOI_EXIT";
            case LOAD_EOI_EXITMAP -> "KVM_REQ_LOAD_EOI_EXITMAP";
            default -> "KVM_REQ_" + bit;
        };
    }
}
