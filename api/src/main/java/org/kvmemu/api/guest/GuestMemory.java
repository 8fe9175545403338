package org.kvmemu.api.guest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.kvmemu.api.annotation.API;

/**
 * A TD's guest-physical memory as both the guest and the host (userspace, through the shared
 * mapping) reach it: 4 KiB pages, private unless the guest converted them to shared
 * ({@code set_memory_decrypted}, event-notify.md §N.1), little-endian. Sparse: a page holds bytes once
 * written, and unwritten memory reads 0. Every 4-byte word remembers the sequence number of its
 * last write ({@link #lastWrite}), so a reader can tell in which order a writer filled a buffer.
 */
@API(status = API.Status.MAINTAINED, since = "2")
public final class GuestMemory {

    /** The page size. */
    public static final int PAGE_SIZE = 4096;
    private static final int PAGE_SHIFT = 12;
    private static final int WORD = 4;

    /** One page: its bytes and the write sequence number of each 4-byte word. */
    private static final class Page {
        final byte[] bytes = new byte[PAGE_SIZE];
        final long[] stamps = new long[PAGE_SIZE / WORD];
    }

    private final TreeMap<Long, Page> pages = new TreeMap<>();
    private final List<long[]> shared = new ArrayList<>();
    private long seq;

    /** Converts {@code [gpa, gpa + size)} to shared, as {@code set_memory_decrypted} with MapGPA does. */
    public void convertToShared(long gpa, long size) {
        shared.add(new long[] {gpa, gpa + size});
    }

    /** Whether {@code gpa} is in shared memory. */
    public boolean isShared(long gpa) {
        for (long[] r : shared) {
            if (Long.compareUnsigned(gpa, r[0]) >= 0 && Long.compareUnsigned(gpa, r[1]) < 0) {
                return true;
            }
        }
        return false;
    }

    /** The u64 at {@code gpa}. */
    public long read64(long gpa) {
        return read32(gpa) | (read32(gpa + WORD) << 32);
    }

    /** The u32 at {@code gpa}, zero-extended. */
    public long read32(long gpa) {
        long v = 0;
        for (int i = WORD - 1; i >= 0; i--) {
            v = (v << 8) | (readByte(gpa + i) & 0xff);
        }
        return v;
    }

    /** The byte at {@code gpa}. */
    public byte readByte(long gpa) {
        Page p = pages.get(gpa >>> PAGE_SHIFT);
        return p == null ? 0 : p.bytes[(int) (gpa & (PAGE_SIZE - 1))];
    }

    /** Writes the u64 {@code value} at {@code gpa} (one write: both words get the same sequence number). */
    public void write64(long gpa, long value) {
        long s = ++seq;
        put(gpa, (int) value, s);
        put(gpa + WORD, (int) (value >>> 32), s);
    }

    /** Writes the u32 {@code value} at {@code gpa}. */
    public void write32(long gpa, long value) {
        put(gpa, (int) value, ++seq);
    }

    /**
     * Writes {@code len} bytes at {@code gpa}, byte {@code i} being {@code (seed + 31 * i) & 0xff}:
     * a stand-in for a TDREPORT or a Quote whose content this model does not compute.
     */
    public void writePattern(long gpa, long len, int seed) {
        long s = ++seq;
        for (long i = 0; i < len; i++) {
            Page p = page(gpa + i);
            int off = (int) ((gpa + i) & (PAGE_SIZE - 1));
            p.bytes[off] = (byte) (seed + 31 * i);
            p.stamps[off / WORD] = s;
        }
    }

    /** Zeroes {@code [gpa, gpa + size)}; pages never written stay absent (they read 0). */
    public void zero(long gpa, long size) {
        if (size == 0) {
            return;
        }
        long s = ++seq;
        long end = gpa + size;
        for (Map.Entry<Long, Page> e : pages.subMap(gpa >>> PAGE_SHIFT, true, (end - 1) >>> PAGE_SHIFT, true)
                .entrySet()) {
            long base = e.getKey() << PAGE_SHIFT;
            int from = (int) Math.max(0, gpa - base);
            int to = (int) Math.min(PAGE_SIZE, end - base);
            Page p = e.getValue();
            for (int i = from; i < to; i++) {
                p.bytes[i] = 0;
                p.stamps[i / WORD] = s;
            }
        }
    }

    /** The highest sequence number among the writes to {@code [gpa, gpa + len)}; 0 if never written. */
    public long lastWrite(long gpa, long len) {
        long max = 0;
        for (long a = gpa & ~(WORD - 1L); a < gpa + len; a += WORD) {
            Page p = pages.get(a >>> PAGE_SHIFT);
            if (p != null) {
                max = Math.max(max, p.stamps[(int) (a & (PAGE_SIZE - 1)) / WORD]);
            }
        }
        return max;
    }

    /** The sequence number of the latest write so far. */
    public long writeCount() {
        return seq;
    }

    private void put(long gpa, int value, long stamp) {
        for (int i = 0; i < WORD; i++) {
            Page p = page(gpa + i);
            int off = (int) ((gpa + i) & (PAGE_SIZE - 1));
            p.bytes[off] = (byte) (value >>> (8 * i));
            p.stamps[off / WORD] = stamp;
        }
    }

    private Page page(long gpa) {
        return pages.computeIfAbsent(gpa >>> PAGE_SHIFT, k -> new Page());
    }
}
