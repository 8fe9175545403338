package org.kvmemu.tdx.vmm;

import org.kvmemu.api.guest.Ghci;
import org.kvmemu.api.trace.TracePoint;
import org.kvmemu.api.trace.TracePoint.Field;

/** The VMM model's trace points (docs/trace-events.md): QEMU's side of GetQuote and the event-notify MSI. */
final class VmmTracePoints {

    /** SetupEventNotifyInterrupt handled: vcpu, vector, apic_id (stored), ret. */
    static final TracePoint VMM_SETUP_EVENT_NOTIFY = TracePoint.keyValue("vmm_setup_event_notify", Field.of("vcpu"),
            Field.hex("vector"), Field.of("apic_id"), Field.symbolic("ret", Ghci::statusName));
    /** A GetQuote exit handled: vcpu, req (acceptance number, 0 if not accepted), gpa, size, ret. */
    static final TracePoint VMM_QUOTE_REQUEST = TracePoint.keyValue("vmm_quote_request", Field.of("vcpu"), Field.of("req"),
            Field.hex("gpa"), Field.hex("size"), Field.symbolic("ret", Ghci::statusName));
    /** A request completed: req, gpa, status, out_len, why (qgs, timeout). */
    static final TracePoint VMM_QUOTE_COMPLETE = TracePoint.keyValue("vmm_quote_complete", Field.of("req"), Field.hex("gpa"),
            Field.symbolic("status", Ghci::quoteStatusName), Field.of("out_len"), Field.of("why"));
    /** The completion's MSI: req, vector, apic_id. */
    static final TracePoint VMM_NOTIFY_MSI = TracePoint.keyValue("vmm_notify_msi", Field.of("req"), Field.hex("vector"),
            Field.of("apic_id"));

    private VmmTracePoints() {
    }
}
