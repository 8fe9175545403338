package org.kvmemu.tdx.vmm;

import org.kvmemu.api.sim.SimEvent;

/**
 * One accepted GetQuote request, as QEMU's {@code TdxGenerateQuoteTask}: its acceptance number,
 * the buffer, and the instant it completes (the QGS's answer or the VMM's timer, whichever comes
 * first; a tie counts as the timer).
 */
final class QuoteRequest extends SimEvent {

    final long number;
    final long gpa;
    final long size;
    /** Whether the VMM's timer, not the QGS's answer, completes it. */
    final boolean timedOut;
    private final TdxVmm vmm;
    boolean completed;

    QuoteRequest(TdxVmm vmm, long number, long gpa, long size, boolean timedOut) {
        this.vmm = vmm;
        this.number = number;
        this.gpa = gpa;
        this.size = size;
        this.timedOut = timedOut;
    }

    @Override
    protected void fire() {
        vmm.complete(this);
    }
}
