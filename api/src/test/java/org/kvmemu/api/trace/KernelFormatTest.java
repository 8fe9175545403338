package org.kvmemu.api.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code __print_symbolic}, {@code __print_flags} (kernel/trace/trace_output.c, as described in the
 * docs/trace-format.md §1) and C's {@code %0Nx}.
 */
class KernelFormatTest {

    private static final String[] SYMBOLS = {"ZERO", null, "TWO", "THREE"};
    private static final String[] FLAGS = {"A", "B", null, "D"};

    // ---- symbolic ----

    @Test
    void symbolicPrintsTheName() {
        assertEquals("ZERO", KernelFormat.symbolic(0, SYMBOLS));
        assertEquals("TWO", KernelFormat.symbolic(2, SYMBOLS));
        assertEquals("THREE", KernelFormat.symbolic(3, SYMBOLS));
    }

    @Test
    void symbolicFallsBackToUnpaddedHex() {
        // a hole in the table, past its end, and an empty table: "0x%lx"
        assertEquals("0x1", KernelFormat.symbolic(1, SYMBOLS));
        assertEquals("0x4", KernelFormat.symbolic(4, SYMBOLS));
        assertEquals("0xec", KernelFormat.symbolic(0xec, SYMBOLS));
        assertEquals("0x0", KernelFormat.symbolic(0, new String[0]));
        assertEquals("0x100000000", KernelFormat.symbolic(0x1_0000_0000L, SYMBOLS));
    }

    @Test
    void symbolicOfNegativeIsUnsignedLongHex() {
        assertEquals("0xffffffffffffffff", KernelFormat.symbolic(-1, SYMBOLS));
        assertEquals("0x8000000000000000", KernelFormat.symbolic(Long.MIN_VALUE, SYMBOLS));
    }

    // ---- flags ----

    @Test
    void flagsOfZeroIsEmpty() {
        assertEquals("", KernelFormat.flags(0, "|", FLAGS));
        assertEquals("", KernelFormat.flags(0, "|", new String[0]));
    }

    @Test
    void flagsDelimiterOnlyBetweenItems() {
        assertEquals("A", KernelFormat.flags(0x1, "|", FLAGS));
        assertEquals("B", KernelFormat.flags(0x2, "|", FLAGS));
        assertEquals("A|B", KernelFormat.flags(0x3, "|", FLAGS));
        assertEquals("A|B|D", KernelFormat.flags(0xb, "|", FLAGS));
        assertEquals("A B D", KernelFormat.flags(0xb, " ", FLAGS));
        assertEquals("B, D", KernelFormat.flags(0xa, ", ", FLAGS));
    }

    @Test
    void flagsLeftoverBitsInHexAfterTheNames() {
        // bit 2 has no name, bits 4+ are past the table: one hex value for everything left over.
        assertEquals("0x4", KernelFormat.flags(0x4, "|", FLAGS));
        assertEquals("A|0x4", KernelFormat.flags(0x5, "|", FLAGS));
        assertEquals("A|D|0x34", KernelFormat.flags(0x3d, "|", FLAGS));
        assertEquals("0x30", KernelFormat.flags(0x30, "|", FLAGS));
        assertEquals("B 0x8000000000000000", KernelFormat.flags(Long.MIN_VALUE | 0x2, " ", FLAGS));
        assertEquals("0xfff", KernelFormat.flags(0xfff, "|", new String[0]));
    }

    @Test
    void flagsWithNameOnTheTopBit() {
        String[] names = new String[64];
        names[63] = "TOP";
        names[31] = "FAILED_VMENTRY";
        assertEquals("FAILED_VMENTRY|TOP", KernelFormat.flags(Long.MIN_VALUE | (1L << 31), "|", names));
        assertEquals("FAILED_VMENTRY|0x8000000", KernelFormat.flags(0x88000000L, "|", names));
    }

    // ---- hex ----

    @ParameterizedTest
    @CsvSource({
        "0, 8, 00000000",
        "236, 8, 000000ec",
        "236, 2, ec",
        "1, 16, 0000000000000001",
        "0, 1, 0",
        "15, 1, f",
        "11259375, 4, cdef",       // 0xabcdef truncated to its low 4 digits, lowercase
        "4886718345, 8, 23456789", // 0x123456789 truncated to 8 digits (u32)
        "-1, 8, ffffffff",          // sign extension does not leak into a u32
        "-1, 16, ffffffffffffffff",
        "-9223372036854775808, 16, 8000000000000000",
        "-2147483648, 8, 80000000",
        "305419896, 12, 000012345678"
    })
    void hexPadsAndTruncates(long value, int width, String text) {
        assertEquals(text, KernelFormat.hex(value, width));
    }
}
