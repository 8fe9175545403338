package org.kvmemu.api.guest.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The observation log keeps counts of everything and a bounded head, and follows orders over the whole run. */
class GuestLogTest {

    @Test
    void aLongRunKeepsCountsAndTheFirstEntriesOnly() {
        GuestLog log = new GuestLog();
        for (int i = 0; i < 1_000_000; i++) {
            log.irq(0xef);
        }
        log.nmi();
        assertEquals(1_000_000, log.irqCount(0xef));
        assertEquals(1, log.nmiCount());
        assertEquals(1_000_001, log.length());
        assertEquals(1_000_001, log.deliveries());
        assertEquals(GuestLog.HEAD, log.entries().size());
        assertEquals(List.of("0xef", "0xef"), log.entries(2));
    }

    @Test
    void aFollowedOrderIsMatchedBeyondTheKeptEntries() {
        GuestLog log = new GuestLog();
        log.follow(List.of("0x30", "nmi", "done", "sipi"));
        log.follow(List.of("nmi", "0x30"));
        for (int i = 0; i < GuestLog.HEAD; i++) {
            log.irq(0xef);
        }
        log.irq(0x30);
        log.mark("done");
        log.nmi();
        log.mark("done");
        log.sipi(0x9a);
        assertTrue(log.inOrder(List.of("0x30", "nmi", "done", "sipi")));
        assertFalse(log.inOrder(List.of("nmi", "0x30")));
        assertThrows(IllegalStateException.class, () -> log.inOrder(List.of("mc")));
    }

    @Test
    void aLabelThatLooksLikeAVectorWithMoreIsALabel() {
        GuestLog log = new GuestLog();
        log.follow(List.of("0x40\u00e9"));
        log.irq(0x40);
        assertFalse(log.inOrder(List.of("0x40\u00e9")));
        log.mark("0x40\u00e9");
        assertTrue(log.inOrder(List.of("0x40\u00e9")));
    }
}
