package org.kvmemu.tdx.module;

/**
 * The TDX module's SEAMCALL completion status (RAX bits 63:32; the low half carries an exit reason
 * or operand id), with the values of the kernel's {@code tdx_errno.h} (behaviour.md §G).
 */
public final class TdxStatus {

    /** {@code TDX_SEAMCALL_STATUS_MASK}: the status half of RAX. */
    public static final long STATUS_MASK = 0xFFFFFFFF00000000L;
    /** {@code TDX_SUCCESS}. */
    public static final long SUCCESS = 0;
    /** {@code TDX_ERROR}, bit 63. */
    public static final long ERROR = 1L << 63;
    /** {@code TDX_NON_RECOVERABLE}, bit 62. */
    public static final long NON_RECOVERABLE = 1L << 62;
    /** {@code TDX_NON_RECOVERABLE_VCPU}. */
    public static final long NON_RECOVERABLE_VCPU = 0x4000000100000000L;
    /** {@code TDX_NON_RECOVERABLE_TD}: the TD became fatal (an MSMI in SEAM non-root). */
    public static final long NON_RECOVERABLE_TD = 0x4000000200000000L;
    /** {@code TDX_NON_RECOVERABLE_TD_NON_ACCESSIBLE}. */
    public static final long NON_RECOVERABLE_TD_NON_ACCESSIBLE = 0x6000000500000000L;
    /** {@code TDX_NON_RECOVERABLE_TD_WRONG_APIC_MODE}. */
    public static final long NON_RECOVERABLE_TD_WRONG_APIC_MODE = 0x6000000700000000L;
    /** {@code TDX_METADATA_FIELD_NOT_READABLE}: TDH.VP.RD of a field a production TD keeps private. */
    public static final long METADATA_FIELD_NOT_READABLE = 0xC0000C0200000000L;
    /** {@code TDX_METADATA_FIELD_NOT_WRITABLE}. */
    public static final long METADATA_FIELD_NOT_WRITABLE = 0xC0000C0300000000L;
    /**
     * {@code TDX_TD_FATAL}: TDH.VP.ENTER of a TD the module has marked fatal (every entry after the
     * one that made it so).
     */
    public static final long TD_FATAL = 0xE000060400000000L;

    private TdxStatus() {
    }

    /** Whether {@code rax} reports an error or a non-recoverable state. */
    public static boolean failed(long rax) {
        return (rax & (ERROR | NON_RECOVERABLE)) != 0;
    }

    /** The status half of {@code rax}. */
    public static long status(long rax) {
        return rax & STATUS_MASK;
    }
}
