package org.kvmemu.guest.tdx;

import org.kvmemu.api.trace.TracePoint;

/** The driver's trace points (docs/trace-events.md). */
final class GuestTdxTracePoints {

    /** A Quote request is submitted: vcpu, buffer, gpa (with the shared bit if set), size. */
    static final TracePoint GUEST_QUOTE_SUBMIT = TracePoint.keyValue("guest_quote_submit", "vcpu", "buffer", "gpa",
            "size");
    /** The driver's handler ran: vcpu, vector, woken (requests it marked notified). */
    static final TracePoint GUEST_EVENT_NOTIFY = TracePoint.keyValue("guest_event_notify", "vcpu", "vector", "woken");
    /** A Quote request got its result: vcpu, buffer, result, bytes. */
    static final TracePoint GUEST_QUOTE_RESULT = TracePoint.keyValue("guest_quote_result", "vcpu", "buffer", "result",
            "bytes");

    private GuestTdxTracePoints() {
    }
}
