package org.kvmemu.api.trace.output;

import org.kvmemu.api.annotation.API;

/** How a trace is written ({@code --trace-format}). */
@API(status = API.Status.INTERNAL, since = "1")
public enum TraceFormat {
    /** {@code trace-cmd report}-style text lines (the default). */
    TEXT,
    /** One JSON object per line. */
    JSON,
    /** Chrome Trace Event Format, for ui.perfetto.dev or chrome://tracing. */
    PERFETTO
}
