package org.kvmemu.vmx.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The posted-interrupt descriptor: behaviour.md §C / §G PID layout: ON bit 0, SN bit 1, NV bits 23:16, NDST bits 63:32. */
class PiDescTest {

    private static final long ON_MASK = 1L;
    private static final long SN_MASK = 1L << 1;
    private static final long NV_MASK = 0xffL << 16;
    private static final long NDST_MASK = 0xffffffffL << 32;

    /** A descriptor with every field set to something non-zero (and NV/NDST not all ones). */
    private static PiDesc busy() {
        PiDesc d = new PiDesc();
        d.setOn();
        d.setSn();
        d.setNv(0xa5);
        d.setNdst(0x5a5a0300);
        return d;
    }

    private static PiDesc empty() {
        return new PiDesc();
    }

    /** Applies {@code op} to a fresh and a busy descriptor; only bits in {@code field} may change. */
    private static void changesOnly(long field, Consumer<PiDesc> op) {
        for (PiDesc d : new PiDesc[] {empty(), busy()}) {
            long before = d.control();
            op.accept(d);
            long changed = before ^ d.control();
            assertEquals(0L, changed & ~field,
                    "bits outside 0x" + Long.toHexString(field) + " changed: 0x" + Long.toHexString(changed));
        }
    }

    @Test
    void freshDescriptorIsAllZero() {
        PiDesc d = new PiDesc();
        assertEquals(0L, d.control());
        assertFalse(d.on());
        assertFalse(d.sn());
        assertEquals(0, d.nv());
        assertEquals(0, d.ndst());
        assertTrue(d.pir().isEmpty());
        assertFalse(d.hasPendingInterrupt());
    }

    @Test
    void constantsAreTheLayoutBits() {
        assertEquals(ON_MASK, PiDesc.ON);
        assertEquals(SN_MASK, PiDesc.SN);
    }

    @Test
    void onIsBitZero() {
        PiDesc d = new PiDesc();
        d.setOn();
        assertEquals(1L, d.control());
        assertTrue(d.on());
        assertFalse(d.sn());
        d.clearOn();
        assertEquals(0L, d.control());
        changesOnly(ON_MASK, PiDesc::setOn);
        changesOnly(ON_MASK, PiDesc::clearOn);
        PiDesc b = busy();
        b.clearOn();
        assertEquals(busy().control() & ~ON_MASK, b.control());
    }

    @Test
    void snIsBitOne() {
        PiDesc d = new PiDesc();
        d.setSn();
        assertEquals(2L, d.control());
        assertTrue(d.sn());
        assertFalse(d.on());
        d.clearSn();
        assertEquals(0L, d.control());
        changesOnly(SN_MASK, PiDesc::setSn);
        changesOnly(SN_MASK, PiDesc::clearSn);
        PiDesc b = busy();
        b.clearSn();
        assertEquals(busy().control() & ~SN_MASK, b.control());
    }

    @ParameterizedTest
    @CsvSource({"0xf2, 0xf2", "0xf1, 0xf1", "0x00, 0x00", "0xff, 0xff", "0x1f1, 0xf1", "-1, 0xff"})
    void nvIsBits23To16(String written, String read) {
        int vector = Integer.decode(written);
        int expected = Integer.decode(read);
        PiDesc d = new PiDesc();
        d.setNv(vector);
        assertEquals(expected, d.nv());
        assertEquals((long) expected << 16, d.control());
        changesOnly(NV_MASK, x -> x.setNv(vector));
        PiDesc b = busy();
        b.setNv(vector);
        assertEquals(expected, b.nv());
        assertEquals((busy().control() & ~NV_MASK) | ((long) expected << 16), b.control());
    }

    @ParameterizedTest
    @CsvSource({"0x00000000", "0x00000003", "0x00000300", "0x12345678", "0x80000000", "0xffffffff"})
    void ndstIsBits63To32(String written) {
        int apicId = Integer.parseUnsignedInt(written.substring(2), 16);
        PiDesc d = new PiDesc();
        d.setNdst(apicId);
        assertEquals(apicId, d.ndst());
        assertEquals((apicId & 0xffffffffL) << 32, d.control());
        changesOnly(NDST_MASK, x -> x.setNdst(apicId));
        PiDesc b = busy();
        b.setNdst(apicId);
        assertEquals(apicId, b.ndst());
        assertEquals((busy().control() & ~NDST_MASK) | ((apicId & 0xffffffffL) << 32), b.control());
        assertTrue(b.on());
        assertTrue(b.sn());
        assertEquals(0xa5, b.nv());
    }

    @Test
    void busyDescriptorLayout() {
        // ON | SN | NV 0xa5 << 16 | NDST 0x5a5a0300 << 32
        assertEquals(0x5a5a0300_00a50003L, busy().control());
    }

    @Test
    void testAndSetOnReturnsTheOldValue() {
        PiDesc d = new PiDesc();
        assertFalse(d.testAndSetOn());
        assertTrue(d.on());
        assertEquals(ON_MASK, d.control());
        assertTrue(d.testAndSetOn());
        assertTrue(d.on());
        d.clearOn();
        assertFalse(d.testAndSetOn());
        changesOnly(ON_MASK, PiDesc::testAndSetOn);
    }

    @Test
    void testAndSetPirReturnsTheOldValueAndLeavesControlAlone() {
        PiDesc d = busy();
        long control = d.control();
        assertFalse(d.testAndSetPir(0xec));
        assertTrue(d.pir().test(0xec));
        assertTrue(d.testAndSetPir(0xec));
        assertFalse(d.testAndSetPir(0x20));
        assertEquals(0xec, d.pir().highest());
        assertEquals(control, d.control());
    }

    @Test
    void hasPendingInterruptIsOnOrSnWithPir() {
        // behaviour.md §C: pi_has_pending_interrupt = ON || (SN && PIR != 0)
        for (int on = 0; on < 2; on++) {
            for (int sn = 0; sn < 2; sn++) {
                for (int pir = 0; pir < 2; pir++) {
                    PiDesc d = new PiDesc();
                    d.setNv(0xf2);
                    d.setNdst(1);
                    if (on == 1) {
                        d.setOn();
                    }
                    if (sn == 1) {
                        d.setSn();
                    }
                    if (pir == 1) {
                        d.testAndSetPir(0x31);
                    }
                    boolean expected = on == 1 || (sn == 1 && pir == 1);
                    assertEquals(expected, d.hasPendingInterrupt(), "ON=" + on + " SN=" + sn + " PIR=" + pir);
                }
            }
        }
    }

    @Test
    void hasPendingInterruptFollowsPirBeingDrained() {
        PiDesc d = new PiDesc();
        d.setSn();
        d.testAndSetPir(0xec);
        assertTrue(d.hasPendingInterrupt());
        d.pir().drainInto(new org.kvmemu.api.apic.ApicBitmap());
        assertFalse(d.hasPendingInterrupt());
    }
}
