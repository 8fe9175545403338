package org.kvmemu.api.guest.program;

import java.util.Arrays;
import org.kvmemu.api.annotation.API;

/**
 * How the guest's IDT handlers behave (the scenario's {@code handler} statements): per vector, how
 * long the handler spins, whether it writes EOI and what label it marks. Slots 0..255 are vectors;
 * {@link #NMI} and {@link #MC} are the NMI and machine-check handlers. By default a handler records
 * the delivery, writes EOI (vectors 32..255) and returns.
 */
@API(status = API.Status.INTERNAL, since = "1")
public final class Idt {

    /** Slot of the NMI handler. */
    public static final int NMI = 256;
    /** Slot of the machine-check handler. */
    public static final int MC = 257;

    private final long[] spinNs = new long[258];
    private final boolean[] eoi = new boolean[258];
    private final String[] mark = new String[258];

    /** The default table. */
    public Idt() {
        Arrays.fill(eoi, 32, 256, true);
    }

    /** Sets the behaviour of handler {@code slot}. */
    public void set(int slot, long spin, boolean writesEoi, String label) {
        spinNs[slot] = spin;
        eoi[slot] = writesEoi && slot < 256;
        mark[slot] = label;
    }

    /** How long handler {@code slot} spins, in ns. */
    public long spinNs(int slot) {
        return spinNs[slot];
    }

    /** Whether handler {@code slot} writes EOI. */
    public boolean writesEoi(int slot) {
        return eoi[slot];
    }

    /** The label handler {@code slot} marks, or null. */
    public String mark(int slot) {
        return mark[slot];
    }
}
