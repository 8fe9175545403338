package org.kvmemu.guest.tdx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.kvmemu.api.guest.Ghci;
import org.kvmemu.api.guest.GuestMemory;

/** The GHCI Quote buffer's 24-byte header and its preparation (docs/event-notify.md §N.1, §N.5.1). */
class QuoteBufferTest {

    private final GuestMemory memory = new GuestMemory();

    /** §N.1: version u64 at 0, status u64 at 8, in_len u32 at 16, out_len u32 at 20, data at 24, little-endian. */
    @Test
    void theHeaderIsLittleEndianAtTheGhciOffsets() {
        QuoteBuffer b = new QuoteBuffer(memory, 2);
        memory.write64(b.gpa + 8, Ghci.QUOTE_IN_FLIGHT);
        memory.write32(b.gpa + 20, 0x11223344L);
        assertEquals(Ghci.QUOTE_IN_FLIGHT, b.status());
        assertEquals(0x11223344L, b.outLen());
        assertEquals(0x44, memory.readByte(b.gpa + 20));
        assertEquals(0x11, memory.readByte(b.gpa + 23));
        assertEquals(Ghci.quoteBuffer(2), b.gpa);
        assertEquals(0, b.gpa % GuestMemory.PAGE_SIZE);
    }

    /** §N.5.1 step 3: size bytes zeroed (status and out_len included), then version, in_len and the TDREPORT. */
    @Test
    void prepareZeroesThenWritesVersionInLenAndTheReport() {
        QuoteBuffer b = new QuoteBuffer(memory, 0);
        memory.write64(b.gpa + Ghci.HDR_STATUS, Ghci.QUOTE_ERROR);
        memory.write32(b.gpa + Ghci.HDR_OUT_LEN, 99);
        memory.write64(b.gpa + 5000, 7);
        b.prepare(8192, 1, 1024);
        assertEquals(1, memory.read64(b.gpa));
        assertEquals(0, b.status());
        assertEquals(1024, memory.read32(b.gpa + Ghci.HDR_IN_LEN));
        assertEquals(0, b.outLen());
        assertEquals(0, memory.read64(b.gpa + 5000));
        assertTrue(memory.lastWrite(b.gpa + Ghci.HDR_SIZE, Ghci.TDREPORT_LEN) > 0);
        assertEquals(0, memory.readByte(b.gpa + Ghci.HDR_SIZE + Ghci.TDREPORT_LEN));
    }

    /** §N.5.1: the TDREPORT is one report at most and never leaves the buffer, whatever in_len says. */
    @Test
    void theReportStaysInsideTheBuffer() {
        QuoteBuffer b = new QuoteBuffer(memory, 1);
        b.prepare(512, 1, 0xFFFFFFFFL);
        assertEquals(0xFFFFFFFFL, memory.read32(b.gpa + Ghci.HDR_IN_LEN));
        assertEquals(0, memory.lastWrite(b.gpa + 512, 4096));
    }

    /** §N.5.1: a 64-bit size zeroes at most the buffer's own span: the next buffer is untouched. */
    @Test
    void aHugeSizeStaysInsideTheBuffersSpan() {
        QuoteBuffer next = new QuoteBuffer(memory, 5);
        memory.write64(next.gpa + Ghci.HDR_VERSION, 1);
        new QuoteBuffer(memory, 4).prepare(0xFFFFFFFFFFFFFFFFL, 1, 1024);
        assertEquals(1, memory.read64(next.gpa));
        assertTrue(memory.lastWrite(Ghci.quoteBuffer(4) + Ghci.HDR_SIZE, Ghci.TDREPORT_LEN) > 0);
    }

    /** The write stamps tell the order a writer filled the buffer in (invariant quote-status-before-data). */
    @Test
    void stampsFollowTheWriteOrder() {
        QuoteBuffer b = new QuoteBuffer(memory, 3);
        b.prepare(4096, 1, 1024);
        long prepared = b.now();
        memory.write32(b.gpa + Ghci.HDR_OUT_LEN, 10);
        memory.write64(b.gpa + Ghci.HDR_STATUS, 0);
        assertTrue(prepared < b.outLenStamp() && b.outLenStamp() < b.statusStamp());
    }
}
