package org.kvmemu.vmx.common;

import org.kvmemu.api.annotation.API;
import org.kvmemu.api.apic.ApicBitmap;

/**
 * The posted-interrupt descriptor ({@code struct pi_desc}, behaviour.md §C): 256 PIR bits and a control
 * word with ON (bit 0), SN (bit 1), NV (bits 23:16) and NDST (bits 63:32). 64 bytes in the
 * kernel; shared memory between KVM and the CPU (and, for a TD, the TDX module).
 */
@API(status = API.Status.INTERNAL, since = "2")
public final class PiDesc {

    /** Control bit ON: outstanding notification. */
    public static final long ON = 1L;
    /** Control bit SN: suppress notification. */
    public static final long SN = 1L << 1;

    private final ApicBitmap pir = new ApicBitmap();
    private long control;

    /** The posted-interrupt requests. */
    public ApicBitmap pir() {
        return pir;
    }

    /** {@code pi_test_and_set_pir}: returns whether the bit was already set. */
    public boolean testAndSetPir(int vector) {
        return pir.testAndSet(vector);
    }

    /** {@code pi_test_and_set_on}: returns whether ON was already set. */
    public boolean testAndSetOn() {
        boolean was = (control & ON) != 0;
        control |= ON;
        return was;
    }

    /** {@code pi_test_on}. */
    public boolean on() {
        return (control & ON) != 0;
    }

    /** {@code pi_clear_on}. */
    public void clearOn() {
        control &= ~ON;
    }

    /** {@code pi_set_on}. */
    public void setOn() {
        control |= ON;
    }

    /** {@code pi_test_sn}. */
    public boolean sn() {
        return (control & SN) != 0;
    }

    /** {@code pi_set_sn}. */
    public void setSn() {
        control |= SN;
    }

    /** {@code pi_clear_sn}. */
    public void clearSn() {
        control &= ~SN;
    }

    /** Notification vector NV. */
    public int nv() {
        return (int) (control >>> 16) & 0xff;
    }

    /** Sets NV. */
    public void setNv(int vector) {
        control = (control & ~(0xffL << 16)) | ((long) (vector & 0xff) << 16);
    }

    /** Notification destination NDST (the x2APIC ID of the physical CPU). */
    public int ndst() {
        return (int) (control >>> 32);
    }

    /** Sets NDST. */
    public void setNdst(int apicId) {
        control = (control & 0xffffffffL) | ((long) apicId << 32);
    }

    /** The control word. */
    public long control() {
        return control;
    }

    /** {@code pi_has_pending_interrupt}: ON, or SN with PIR not empty. */
    public boolean hasPendingInterrupt() {
        return on() || (sn() && !pir.isEmpty());
    }
}
