package org.kvmemu.api.apic;

import org.kvmemu.api.annotation.API;

/**
 * A 256-bit APIC register (IRR, ISR, TMR or a PIR) as four primitive words; "highest" is the most
 * significant set bit, as {@code apic_find_highest_vector} scans.
 */
@API(status = API.Status.MAINTAINED, since = "1")
public final class ApicBitmap {

    private final long[] words = new long[4];

    /** Sets bit {@code v}; returns whether it was already set ({@code test_and_set_bit}). */
    public boolean testAndSet(int v) {
        long mask = 1L << (v & 63);
        long w = words[v >> 6];
        words[v >> 6] = w | mask;
        return (w & mask) != 0;
    }

    /** Sets bit {@code v}. */
    public void set(int v) {
        words[v >> 6] |= 1L << (v & 63);
    }

    /** Clears bit {@code v}. */
    public void clear(int v) {
        words[v >> 6] &= ~(1L << (v & 63));
    }

    /** Whether bit {@code v} is set. */
    public boolean test(int v) {
        return (words[v >> 6] & (1L << (v & 63))) != 0;
    }

    /** The highest set bit, or -1. */
    public int highest() {
        for (int w = 3; w >= 0; w--) {
            if (words[w] != 0) {
                return (w << 6) + 63 - Long.numberOfLeadingZeros(words[w]);
            }
        }
        return -1;
    }

    /** Whether no bit is set. */
    public boolean isEmpty() {
        return (words[0] | words[1] | words[2] | words[3]) == 0;
    }

    /**
     * Moves every set bit into {@code into} and clears this bitmap (PIR to IRR, as
     * {@code __kvm_apic_update_irr} does with {@code xchg}); returns whether a bit was new to
     * {@code into}.
     */
    public boolean drainInto(ApicBitmap into) {
        boolean fresh = false;
        for (int w = 0; w < 4; w++) {
            long bits = words[w];
            if (bits != 0) {
                words[w] = 0;
                fresh |= (bits & ~into.words[w]) != 0;
                into.words[w] |= bits;
            }
        }
        return fresh;
    }

    /** Makes this bitmap a copy of {@code from} ({@code bitmap_copy}). */
    public void copyFrom(ApicBitmap from) {
        System.arraycopy(from.words, 0, words, 0, words.length);
    }

    /** Clears every bit. */
    public void clearAll() {
        words[0] = 0;
        words[1] = 0;
        words[2] = 0;
        words[3] = 0;
    }

    /** Word {@code i} (bits 64i..64i+63). */
    public long word(int i) {
        return words[i];
    }
}
