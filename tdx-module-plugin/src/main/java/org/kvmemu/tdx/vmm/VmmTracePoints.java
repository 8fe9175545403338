package org.kvmemu.tdx.vmm;

import org.kvmemu.api.trace.TracePoint;

/** The VMM model's trace points (docs/trace-events.md): QEMU's side of GetQuote and the event-notify MSI. */
final class VmmTracePoints {

    /** SetupEventNotifyInterrupt handled: vcpu, vector, apic_id (stored), ret. */
    static final TracePoint VMM_SETUP_EVENT_NOTIFY = TracePoint.keyValue("vmm_setup_event_notify", "vcpu", "vector",
            "apic_id", "ret");
    /** A GetQuote exit handled: vcpu, req (acceptance number, 0 if not accepted), gpa, size, ret. */
    static final TracePoint VMM_QUOTE_REQUEST = TracePoint.keyValue("vmm_quote_request", "vcpu", "req", "gpa",
            "size", "ret");
    /** A request completed: req, gpa, status, out_len, why (qgs, timeout). */
    static final TracePoint VMM_QUOTE_COMPLETE = TracePoint.keyValue("vmm_quote_complete", "req", "gpa", "status",
            "out_len", "why");
    /** The completion's MSI: req, vector, apic_id. */
    static final TracePoint VMM_NOTIFY_MSI = TracePoint.keyValue("vmm_notify_msi", "req", "vector", "apic_id");

    private VmmTracePoints() {
    }
}
