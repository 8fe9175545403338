package org.kvmemu.vmx;

import org.kvmemu.api.apic.ApicBitmap;

/**
 * The VMCS fields this model uses (behaviour.md §C, §G): controls, VM-entry and VM-exit event fields and the
 * APICv guest interrupt status. The exit reason, qualification and interruption information are
 * in {@link org.kvmemu.vmx.common.VcpuVt}; guest RFLAGS and interruptibility in
 * {@link org.kvmemu.api.guest.GuestRegisters}.
 */
final class Vmcs {
    /** Interruption info: valid bit 31. */
    static final int INTR_INFO_VALID = 0x80000000;
    /** Interruption info: type bits 10:8. */
    static final int INTR_TYPE_MASK = 0x700;
    /** Type external interrupt (0). */
    static final int INTR_TYPE_EXT_INTR = 0;
    /** Type NMI (2). */
    static final int INTR_TYPE_NMI = 2 << 8;
    /** Type hardware exception (3). */
    static final int INTR_TYPE_HARD_EXCEPTION = 3 << 8;
    /** Type software interrupt (4). */
    static final int INTR_TYPE_SOFT_INTR = 4 << 8;
    /** Type privileged software exception (5). */
    static final int INTR_TYPE_PRIV_SW_EXC = 5 << 8;
    /** Type software exception (6). */
    static final int INTR_TYPE_SOFT_EXC = 6 << 8;
    /** Error code valid, bit 11. */
    static final int INTR_INFO_DELIVER_CODE = 1 << 11;
    /** CPU_BASED_INTR_WINDOW_EXITING, bit 2. */
    static final int CPU_BASED_INTR_WINDOW_EXITING = 1 << 2;
    /** CPU_BASED_NMI_WINDOW_EXITING, bit 22. */
    static final int CPU_BASED_NMI_WINDOW_EXITING = 1 << 22;
    /** PIN_BASED_VIRTUAL_NMIS, bit 5. */
    static final int PIN_BASED_VIRTUAL_NMIS = 1 << 5;
    /** PIN_BASED_POSTED_INTR, bit 7. */
    static final int PIN_BASED_POSTED_INTR = 1 << 7;

    int cpuBasedControls;
    int pinBasedControls = PIN_BASED_VIRTUAL_NMIS;
    int entryIntrInfo;
    int entryErrorCode;
    int idtVectoringInfo;
    /** GUEST_INTR_STATUS low byte. */
    int rvi;
    /** GUEST_INTR_STATUS high byte. */
    int svi;
    /** TPR_THRESHOLD. */
    int tprThreshold;
    /** EOI_EXIT_BITMAP0..3: the vectors whose virtualized EOI exits with EOI_INDUCED. */
    final ApicBitmap eoiExitBitmap = new ApicBitmap();
    /** ECX of the WRMSR that exited with MSR_WRITE (or the x2APIC MSR behind an APIC_WRITE). */
    int exitMsr;
    /** The value written by the instruction that exited with MSR_WRITE / APIC_WRITE. */
    long exitValue;
}
