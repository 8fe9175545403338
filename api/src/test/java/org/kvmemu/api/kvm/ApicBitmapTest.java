package org.kvmemu.api.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kvmemu.api.apic.ApicBitmap;

/** The 256-bit IRR/ISR/TMR/PIR bitmap (behaviour.md §B, §C: apic_find_highest_vector, PIR to IRR). */
class ApicBitmapTest {

    private static ApicBitmap of(int... bits) {
        ApicBitmap b = new ApicBitmap();
        for (int v : bits) {
            b.set(v);
        }
        return b;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 31, 32, 63, 64, 65, 127, 128, 191, 192, 236, 254, 255})
    void testAndSetReturnsTheOldBitAndSetsOnlyThatBit(int v) {
        ApicBitmap b = new ApicBitmap();
        assertFalse(b.testAndSet(v));
        assertTrue(b.test(v));
        assertTrue(b.testAndSet(v));
        assertTrue(b.test(v));
        for (int i = 0; i < 4; i++) {
            long want = i == v / 64 ? 1L << (v % 64) : 0;
            assertEquals(want, b.word(i), "word " + i);
        }
    }

    @Test
    void setClearAndTest() {
        ApicBitmap b = of(63, 64);
        assertTrue(b.test(63));
        assertTrue(b.test(64));
        assertFalse(b.test(62));
        assertFalse(b.test(65));
        b.clear(63);
        assertFalse(b.test(63));
        assertTrue(b.test(64));
        b.clear(63); // clearing a clear bit changes nothing
        assertEquals(1L, b.word(1));
        assertEquals(0L, b.word(0));
    }

    @Test
    void highestOfEmptyIsMinusOne() {
        assertEquals(-1, new ApicBitmap().highest());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 63, 64, 127, 128, 191, 192, 255})
    void highestOfOneBit(int v) {
        assertEquals(v, of(v).highest());
    }

    @Test
    void highestAcrossWordBoundaries() {
        assertEquals(64, of(0, 63, 64).highest());
        assertEquals(255, of(0, 63, 64, 255).highest());
        assertEquals(200, of(5, 200).highest());
        ApicBitmap b = of(63, 64, 255);
        b.clear(255);
        assertEquals(64, b.highest());
        b.clear(64);
        assertEquals(63, b.highest());
        b.clear(63);
        assertEquals(-1, b.highest());
    }

    @Test
    void isEmptyAndClearAll() {
        ApicBitmap b = new ApicBitmap();
        assertTrue(b.isEmpty());
        b.set(255);
        assertFalse(b.isEmpty());
        b.clear(255);
        assertTrue(b.isEmpty());
        b = of(0, 63, 64, 128, 255);
        b.clearAll();
        assertTrue(b.isEmpty());
        assertEquals(-1, b.highest());
        for (int i = 0; i < 4; i++) {
            assertEquals(0L, b.word(i));
        }
    }

    @Test
    void drainIntoMovesBitsClearsTheSourceAndReportsNewBits() {
        ApicBitmap pir = of(0x20, 0xec, 0xff);
        ApicBitmap irr = of(0x30);
        assertTrue(pir.drainInto(irr));
        assertTrue(pir.isEmpty());
        for (int i = 0; i < 4; i++) {
            assertEquals(0L, pir.word(i));
        }
        assertTrue(irr.test(0x20));
        assertTrue(irr.test(0x30));
        assertTrue(irr.test(0xec));
        assertTrue(irr.test(0xff));
        assertEquals(0xff, irr.highest());
    }

    @Test
    void drainIntoOfBitsAlreadyThereIsNotNew() {
        ApicBitmap pir = of(0x20, 0xec);
        ApicBitmap irr = of(0x20, 0x30, 0xec);
        assertFalse(pir.drainInto(irr));
        assertTrue(pir.isEmpty(), "the source is cleared even when nothing was new");
        assertEquals(of(0x20, 0x30, 0xec).word(0), irr.word(0));
        assertEquals(of(0x20, 0x30, 0xec).word(3), irr.word(3));
    }

    @Test
    void drainIntoWithOneNewBitInAnotherWord() {
        // word 0 fully overlaps, word 3 brings a new bit
        ApicBitmap pir = of(0x20, 0xf0);
        ApicBitmap irr = of(0x20);
        assertTrue(pir.drainInto(irr));
        assertTrue(irr.test(0xf0));
        // and the other way round: a new bit in word 0, overlap in word 3
        ApicBitmap pir2 = of(0x01, 0xf0);
        ApicBitmap irr2 = of(0xf0);
        assertTrue(pir2.drainInto(irr2));
        assertTrue(irr2.test(0x01));
    }

    @Test
    void drainingAnEmptyBitmapChangesNothing() {
        ApicBitmap irr = of(0x40);
        assertFalse(new ApicBitmap().drainInto(irr));
        assertEquals(1L, irr.word(1));
        assertEquals(0L, irr.word(0) | irr.word(2) | irr.word(3));
    }
}
