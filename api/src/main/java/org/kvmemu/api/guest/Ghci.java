package org.kvmemu.api.guest;

import java.util.List;
import org.kvmemu.api.annotation.API;

/**
 * The numbers of the GHCI (Guest-Host Communication Interface) that TDG.VP.VMCALL carries, as
 * Linux's {@code arch/x86/include/asm/shared/tdx.h} and QEMU's {@code target/i386/kvm/tdx.h} define
 * them: the sub-function leaves (R11), the status codes returned in R10, and the GetQuote buffer's
 * 24-byte header with its status values (event-notify.md §N.1).
 */
@API(status = API.Status.MAINTAINED, since = "2")
public final class Ghci {

    /** {@code TDVMCALL_GET_TD_VM_CALL_INFO}. */
    public static final long GET_TD_VM_CALL_INFO = 0x10000;
    /** {@code TDVMCALL_GET_QUOTE}. */
    public static final long GET_QUOTE = 0x10002;
    /** {@code TDVMCALL_SETUP_EVENT_NOTIFY_INTERRUPT}. */
    public static final long SETUP_EVENT_NOTIFY_INTERRUPT = 0x10004;

    /** {@code TDVMCALL_STATUS_SUCCESS}. */
    public static final long SUCCESS = 0;
    /** {@code TDVMCALL_STATUS_RETRY}. */
    public static final long RETRY = 1;
    /** {@code TDVMCALL_STATUS_INVALID_OPERAND}. */
    public static final long INVALID_OPERAND = 0x8000000000000000L;
    /** {@code TDVMCALL_STATUS_GPA_INUSE}. */
    public static final long GPA_INUSE = 0x8000000000000001L;
    /** {@code TDVMCALL_STATUS_ALIGN_ERROR}. */
    public static final long ALIGN_ERROR = 0x8000000000000002L;
    /** {@code TDVMCALL_STATUS_SUBFUNC_UNSUPPORTED}. */
    public static final long SUBFUNC_UNSUPPORTED = 0x8000000000000003L;

    /** GetTdVmCallInfo leaf 1, R11 bit 1: SetupEventNotifyInterrupt is supported. */
    public static final long INFO_SETUP_EVENT_NOTIFY = 1L << 1;

    /** Quote status {@code GET_QUOTE_SUCCESS} (also what a zeroed header reads). */
    public static final long QUOTE_SUCCESS = 0;
    /** Quote status {@code GET_QUOTE_IN_FLIGHT}: the VMM owns the buffer. */
    public static final long QUOTE_IN_FLIGHT = 0xFFFFFFFFFFFFFFFFL;
    /** Quote status {@code GET_QUOTE_ERROR}. */
    public static final long QUOTE_ERROR = 0x8000000000000000L;
    /** Quote status {@code GET_QUOTE_SERVICE_UNAVAILABLE} (QEMU's QGS_UNAVAILABLE). */
    public static final long QUOTE_SERVICE_UNAVAILABLE = 0x8000000000000001L;

    /** Header offset of {@code version} (u64, written by the TD; must be 1). */
    public static final int HDR_VERSION = 0;
    /** Header offset of {@code status} (u64, written by the VMM). */
    public static final int HDR_STATUS = 8;
    /** Header offset of {@code in_len} (u32, the TDREPORT's length). */
    public static final int HDR_IN_LEN = 16;
    /** Header offset of {@code out_len} (u32, the Quote's length, written by the VMM). */
    public static final int HDR_OUT_LEN = 20;
    /** {@code TDX_GET_QUOTE_HDR_SIZE}: the data starts here. */
    public static final int HDR_SIZE = 24;
    /** {@code TDX_GET_QUOTE_MAX_BUF_LEN}: 128 KiB. */
    public static final long MAX_QUOTE_BUFFER = 128 * 1024;
    /** {@code TDX_MAX_GET_QUOTE_REQUEST}: the VMM's in-flight limit per TD. */
    public static final int MAX_IN_FLIGHT = 16;
    /** {@code TDX_REPORT_LEN}: a TDREPORT's length. */
    public static final int TDREPORT_LEN = 1024;

    /** The TDVMCALL status names of the scenario language, in value order with {@link #STATUS_VALUES}. */
    public static final List<String> STATUS_NAMES = List.of("TDG_VP_VMCALL_SUCCESS", "TDG_VP_VMCALL_RETRY",
            "TDG_VP_VMCALL_INVALID_OPERAND", "TDG_VP_VMCALL_GPA_INUSE", "TDG_VP_VMCALL_ALIGN_ERROR",
            "TDG_VP_VMCALL_SUBFUNC_UNSUPPORTED");
    /** The values of {@link #STATUS_NAMES}. */
    public static final List<Long> STATUS_VALUES = List.of(SUCCESS, RETRY, INVALID_OPERAND, GPA_INUSE, ALIGN_ERROR,
            SUBFUNC_UNSUPPORTED);
    /** The quote status names, in value order with {@link #QUOTE_STATUS_VALUES}. */
    public static final List<String> QUOTE_STATUS_NAMES = List.of("SUCCESS", "IN_FLIGHT", "ERROR",
            "SERVICE_UNAVAILABLE");
    /** The values of {@link #QUOTE_STATUS_NAMES}. */
    public static final List<Long> QUOTE_STATUS_VALUES = List.of(QUOTE_SUCCESS, QUOTE_IN_FLIGHT, QUOTE_ERROR,
            QUOTE_SERVICE_UNAVAILABLE);

    /**
     * The guest-physical address of Quote buffer {@code k} (0..255): TD-wide shared regions 256 GiB
     * apart from 64 TiB up, so that no size a scenario can ask for makes two overlap in use.
     */
    public static long quoteBuffer(int k) {
        return (1L << 46) + ((long) k * QUOTE_BUFFER_SPAN);
    }

    /** How far apart the Quote buffers are: 256 GiB, the most of a buffer any size can touch. */
    public static final long QUOTE_BUFFER_SPAN = 1L << 38;

    /** The shared bit of a TD's GPA with a 48-bit guest physical address width (4-level EPT): bit 47. */
    public static final long SHARED_BIT = 1L << 47;

    private Ghci() {
    }

    /** {@code TDG_VP_VMCALL_NAME} for status {@code r10}, or its hex value. */
    public static String statusName(long r10) {
        int i = STATUS_VALUES.indexOf(r10);
        return i >= 0 ? STATUS_NAMES.get(i) : "0x" + Long.toHexString(r10);
    }

    /** The quote status name for {@code status}, or its hex value. */
    public static String quoteStatusName(long status) {
        int i = QUOTE_STATUS_VALUES.indexOf(status);
        return i >= 0 ? QUOTE_STATUS_NAMES.get(i) : "0x" + Long.toHexString(status);
    }
}
