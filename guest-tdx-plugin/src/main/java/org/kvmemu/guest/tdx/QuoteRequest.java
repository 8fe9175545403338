package org.kvmemu.guest.tdx;

/**
 * A Quote request the driver submitted and the VMM accepted (R10 = SUCCESS): pending until its
 * {@code quote-wait} gives it its one result (event-notify.md §N.5.1, §N.5.4).
 */
final class QuoteRequest {

    final int vcpu;
    final QuoteBuffer buffer;
    final long size;
    /** The TD memory's write count right after submission: later host writes stamp higher. */
    final long submitted;
    /** Set by the event-notify handler once the status is no longer IN_FLIGHT. */
    boolean notified;
    /** Whether the request got its result. */
    boolean resulted;
    /** Whether a later submission on the same buffer ended it without a result. */
    boolean dropped;

    QuoteRequest(int vcpu, QuoteBuffer buffer, long size, long submitted) {
        this.vcpu = vcpu;
        this.buffer = buffer;
        this.size = size;
        this.submitted = submitted;
    }
}
