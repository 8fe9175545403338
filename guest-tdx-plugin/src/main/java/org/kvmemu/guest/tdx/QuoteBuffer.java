package org.kvmemu.guest.tdx;

import org.kvmemu.api.guest.Ghci;
import org.kvmemu.api.guest.GuestMemory;

/**
 * One GetQuote buffer in the TD's shared memory, as Linux's {@code struct tdx_quote_buf}: the
 * 24-byte GHCI header (version, status, in_len, out_len) and the data after it (event-notify.md §N.1).
 */
final class QuoteBuffer {

    private final GuestMemory memory;
    final int index;
    final long gpa;

    QuoteBuffer(GuestMemory memory, int index) {
        this.memory = memory;
        this.index = index;
        this.gpa = Ghci.quoteBuffer(index);
    }

    long status() {
        return memory.read64(gpa + Ghci.HDR_STATUS);
    }

    long outLen() {
        return memory.read32(gpa + Ghci.HDR_OUT_LEN);
    }

    /**
     * {@code tdx_report_new}'s preparation: zero {@code size} bytes (an unsigned 64-bit size, at
     * most the buffer's span), then version, in_len and in_len bytes of TDREPORT (at most one
     * TDREPORT, and only within the buffer).
     */
    void prepare(long size, long version, long inLen) {
        long span = Long.compareUnsigned(size, Ghci.QUOTE_BUFFER_SPAN) > 0 ? Ghci.QUOTE_BUFFER_SPAN : size;
        memory.zero(gpa, span);
        memory.write64(gpa + Ghci.HDR_VERSION, version);
        memory.write32(gpa + Ghci.HDR_IN_LEN, inLen);
        long dataRoom = span > Ghci.HDR_SIZE ? span - Ghci.HDR_SIZE : 0;
        long report = Math.min(Math.min(inLen, Ghci.TDREPORT_LEN), dataRoom);
        memory.writePattern(gpa + Ghci.HDR_SIZE, report, index);
    }

    /** The sequence number of the last write to the header's status. */
    long statusStamp() {
        return memory.lastWrite(gpa + Ghci.HDR_STATUS, 8);
    }

    /** The sequence number of the last write to out_len. */
    long outLenStamp() {
        return memory.lastWrite(gpa + Ghci.HDR_OUT_LEN, 4);
    }

    /** The sequence number of the last write to the first {@code len} data bytes. */
    long dataStamp(long len) {
        return memory.lastWrite(gpa + Ghci.HDR_SIZE, len);
    }

    /** The memory's write count now: stamps above it were written later. */
    long now() {
        return memory.writeCount();
    }
}
