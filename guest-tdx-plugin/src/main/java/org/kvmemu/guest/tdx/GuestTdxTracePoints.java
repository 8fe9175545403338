package org.kvmemu.guest.tdx;

import org.kvmemu.api.trace.TracePoint;
import org.kvmemu.api.trace.TracePoint.Field;

/** The driver's trace points (docs/trace-events.md). */
final class GuestTdxTracePoints {

    /** A Quote request is submitted: vcpu, buffer, gpa (with the shared bit if set), size. */
    static final TracePoint GUEST_QUOTE_SUBMIT = TracePoint.keyValue("guest_quote_submit", Field.of("vcpu"), Field.of("buffer"),
            Field.hex("gpa"), Field.hex("size"));
    /** The driver's handler ran: vcpu, vector, woken (requests it marked notified). */
    static final TracePoint GUEST_EVENT_NOTIFY = TracePoint.keyValue("guest_event_notify", Field.of("vcpu"), Field.hex("vector"),
            Field.of("woken"));
    /** A Quote request got its result: vcpu, buffer, result (0 or a negated errno), bytes. */
    static final TracePoint GUEST_QUOTE_RESULT = TracePoint.keyValue("guest_quote_result", Field.of("vcpu"),
            Field.of("buffer"), Field.errno("result"), Field.of("bytes"));

    private GuestTdxTracePoints() {
    }
}
