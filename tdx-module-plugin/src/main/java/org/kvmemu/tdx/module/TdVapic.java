package org.kvmemu.tdx.module;

import org.kvmemu.api.apic.ApicBitmap;
import org.kvmemu.vmx.common.PiDesc;

/**
 * A TD vCPU's virtual-APIC page and guest interrupt status, which only the CPU in SEAM non-root and
 * the TDX module see: vIRR, vISR, RVI, SVI and VTPR. Posted-interrupt processing moves PIR into
 * vIRR; virtual-interrupt delivery takes RVI when its class is above VPPR; a virtualized EOI clears
 * SVI. KVM's LAPIC copy never learns any of it.
 */
final class TdVapic {

    private final ApicBitmap virr = new ApicBitmap();
    private final ApicBitmap visr = new ApicBitmap();
    private int rvi;
    private int svi;
    private int vtpr;

    /** Posted-interrupt processing: ON cleared, PIR into vIRR, RVI := max(RVI, highest vIRR). */
    void processPostedInterrupts(PiDesc pid) {
        pid.clearOn();
        pid.pir().drainInto(virr);
        rvi = Math.max(rvi, Math.max(virr.highest(), 0));
    }

    /** VPPR from VTPR and SVI. */
    private int vppr() {
        return (vtpr & 0xf0) >= (svi & 0xf0) ? vtpr & 0xff : svi & 0xf0;
    }

    /** Whether RVI is deliverable above VPPR ({@code INTR_PENDING} of the state details). */
    boolean intrPending() {
        return rvi != 0 && (rvi & 0xf0) > vppr();
    }

    /** Virtual-interrupt delivery: RVI moves from vIRR to vISR; returns the vector. */
    int deliver() {
        int vector = rvi;
        virr.clear(vector);
        visr.set(vector);
        svi = vector;
        rvi = Math.max(virr.highest(), 0);
        return vector;
    }

    /** EOI virtualization: SVI's bit leaves vISR; returns the vector retired, or 0 for none. */
    int eoi() {
        int vector = svi;
        visr.clear(vector);
        svi = Math.max(visr.highest(), 0);
        return vector;
    }

    int rvi() {
        return rvi;
    }

    int vtpr() {
        return vtpr;
    }

    void setVtpr(int value) {
        vtpr = value & 0xff;
    }
}
