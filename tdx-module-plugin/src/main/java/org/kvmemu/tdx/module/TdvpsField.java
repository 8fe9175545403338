package org.kvmemu.tdx.module;

/**
 * The TDVPS fields the host may name in TDH.VP.RD and TDH.VP.WR (behaviour.md §G field ids), and whether a
 * production TD (not debuggable) lets the host read or write each. The TD's architectural guest
 * state (RFLAGS, interruptibility, the virtual-interrupt status) is in the list only so that a read
 * of it can be refused: the host never learns it.
 */
public enum TdvpsField {
    /** {@code TD_VCPU_PEND_NMI}: management class 32, field 11; 8-bit, host-writable. */
    PEND_NMI(0x200000000000000BL, true, true),
    /** {@code TD_VCPU_STATE_DETAILS_NON_ARCH}: bit 0 is INTR_PENDING; read-only. */
    TD_VCPU_STATE_DETAILS_NON_ARCH(0x9100000000000100L, true, false),
    /** The guest's RFLAGS (TD-VMCS guest state): private to the TD. */
    GUEST_RFLAGS(0x2000000000006820L, false, false),
    /** The guest's interruptibility state (STI/MOV-SS/NMI blocking): private to the TD. */
    GUEST_INTERRUPTIBILITY(0x2000000000004824L, false, false),
    /** The guest's interrupt status (RVI and SVI): private to the TD. */
    GUEST_INTR_STATUS(0x2000000000000810L, false, false);

    /** {@code INTR_PENDING} in {@link #TD_VCPU_STATE_DETAILS_NON_ARCH}. */
    public static final long INTR_PENDING = 1;

    private final long id;
    private final boolean readable;
    private final boolean writable;

    TdvpsField(long id, boolean readable, boolean writable) {
        this.id = id;
        this.readable = readable;
        this.writable = writable;
    }

    /** The field id SEAMCALLs name it by. */
    public long id() {
        return id;
    }

    boolean readable() {
        return readable;
    }

    boolean writable() {
        return writable;
    }
}
