package org.kvmemu.api.trace;

import org.kvmemu.api.annotation.API;

/**
 * The kernel's {@code __print_symbolic} and {@code __print_flags} (kernel/trace/trace_output.c),
 * and C-style hex, for trace points that must print exactly as the kernel does.
 */
@API(status = API.Status.MAINTAINED, since = "1")
public final class KernelFormat {

    private KernelFormat() {
    }

    /** {@code __print_symbolic}: {@code names[v]} if present and non-null, else {@code 0x%lx}. */
    public static String symbolic(long v, String[] names) {
        if (v >= 0 && v < names.length && names[(int) v] != null) {
            return names[(int) v];
        }
        return "0x" + Long.toHexString(v);
    }

    /**
     * {@code __print_flags}: the names of set bits in table order joined by {@code delim}, then any
     * leftover bits as {@code 0x%lx}; empty for 0.
     *
     * @param names {@code names[bit]}, null where the bit has no name
     */
    public static String flags(long flags, String delim, String[] names) {
        StringBuilder sb = new StringBuilder();
        long left = flags;
        for (int bit = 0; bit < names.length && left != 0; bit++) {
            long mask = 1L << bit;
            if (names[bit] != null && (left & mask) != 0) {
                if (sb.length() > 0) {
                    sb.append(delim);
                }
                sb.append(names[bit]);
                left &= ~mask;
            }
        }
        if (left != 0) {
            if (sb.length() > 0) {
                sb.append(delim);
            }
            sb.append("0x").append(Long.toHexString(left));
        }
        return sb.toString();
    }

    /** C's {@code %0Nx}: lowercase hex, zero-padded to {@code width} digits, of the low bits of {@code v}. */
    public static String hex(long v, int width) {
        String h = Long.toHexString(width >= 16 ? v : v & ((1L << (width * 4)) - 1));
        return h.length() >= width ? h : "0".repeat(width - h.length()) + h;
    }
}
