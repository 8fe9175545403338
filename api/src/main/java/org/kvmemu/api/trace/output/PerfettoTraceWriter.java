package org.kvmemu.api.trace.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.kvmemu.api.annotation.API;
import org.kvmemu.api.trace.TracePoint;
import org.kvmemu.api.trace.TraceRecord;
import org.kvmemu.api.trace.TraceSink;

/**
 * Chrome Trace Event Format output ({@code --trace-format perfetto}), for ui.perfetto.dev or
 * chrome://tracing: one JSON object {@code {"displayTimeUnit":"ns","traceEvents":[...]}} written as
 * the run goes, closed at {@link #finish}. Process 1 holds a track per physical CPU ({@code host},
 * {@code vmm}, {@code tdxmod}), process 2 a track per vCPU ({@code vcpuN}, {@code guestN}), each
 * named just before its first event. Every event becomes a thread-scoped instant with its fields
 * and text as args; "guest mode" and "blocked" spans and the interrupt flow arrows are derived from
 * the events the filter lets through (docs/trace-events.md). Memory holds only the open spans, the
 * tracks named so far and the undelivered interrupt sources ({@link PerfettoFlows}), however long
 * the run. The same records always give the same bytes.
 */
@API(status = API.Status.INTERNAL, since = "1")
public final class PerfettoTraceWriter implements TraceSink {

    private final Writer out;
    private final TraceFilter filter;
    private final Set<PerfettoTrack> tracks = new HashSet<>();
    private final Set<Integer> processes = new HashSet<>();
    private final PerfettoSpans spans = new PerfettoSpans(PerfettoSpans.RULES);
    private final PerfettoFlows flows = new PerfettoFlows();
    private final Events events = new Events();
    private long last;
    private boolean started;
    private boolean finished;

    /** Writes the events {@code filter} accepts to {@code out} as they come; {@link #finish} closes the document. */
    public PerfettoTraceWriter(Writer out, TraceFilter filter) {
        this.out = out;
        this.filter = filter;
    }

    @Override
    public boolean wants(TracePoint point) {
        return filter.accepts(point.name());
    }

    /**
     * Writes {@code record}: its track's names the first time, the spans it ends and begins, its
     * instant, and the arrow it completes.
     *
     * @throws IllegalStateException after {@link #finish}
     * @throws UncheckedIOException  when writing fails
     */
    @Override
    public void accept(TraceRecord record) {
        if (finished) {
            throw new IllegalStateException("perfetto trace already finished");
        }
        start();
        PerfettoTrack track = PerfettoTrack.of(record);
        if (tracks.add(track)) {
            events.name(track, processes.add(track.pid()));
        }
        last = Math.max(last, record.timeNs());
        spans.apply(record, track, events);
        events.instant(record, track);
        PerfettoFlows.Flow flow = flows.next(record, track);
        if (flow != null) {
            events.flow('s', flow, flow.sourceTrack(), flow.sourceNs());
            events.flow('f', flow, track, record.timeNs());
        }
    }

    /** Closes the spans still open and the document, and flushes {@code out}; later calls do nothing. */
    @Override
    public void finish() {
        if (finished) {
            return;
        }
        start();
        finished = true;
        spans.closeAll(last, events);
        write("\n]}\n");
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void start() {
        if (!started) {
            started = true;
            write("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[");
        }
    }

    private void write(CharSequence text) {
        try {
            out.append(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Appends {@code ns} as microseconds with three decimals: 12301 gives {@code 12.301}. */
    static void appendMicros(StringBuilder sb, long ns) {
        if (ns < 0) {
            sb.append('-');
            ns = -ns;
        }
        long frac = ns % 1000;
        sb.append(ns / 1000).append('.').append(frac < 100 ? (frac < 10 ? "00" : "0") : "").append(frac);
    }

    /** The events of the document, one JSON object each. */
    private final class Events implements PerfettoSpans.Sink {

        private final StringBuilder sb = new StringBuilder(256);
        private boolean first = true;

        /** The names of {@code track}, and of its process when {@code newProcess}. */
        void name(PerfettoTrack track, boolean newProcess) {
            int pid = track.pid();
            if (newProcess) {
                meta("process_name", pid, -1, PerfettoTrack.processName(pid));
                meta("process_sort_index", pid, -1, pid);
            }
            meta("thread_name", pid, track.tid(), track.name());
            meta("thread_sort_index", pid, track.tid(), track.tid());
        }

        private void meta(String name, int pid, int tid, Object value) {
            sb.setLength(0);
            sb.append("{\"name\":\"").append(name).append("\",\"ph\":\"M\",\"pid\":").append(pid);
            if (tid >= 0) {
                sb.append(",\"tid\":").append(tid);
            }
            sb.append(",\"args\":{\"").append(name.endsWith("_name") ? "name" : "sort_index").append("\":");
            Json.value(sb, value);
            sb.append("}}");
            event();
        }

        void instant(TraceRecord r, PerfettoTrack track) {
            String name = r.point().name();
            int underscore = name.indexOf('_');
            sb.setLength(0);
            sb.append("{\"name\":");
            Json.string(sb, name);
            sb.append(",\"cat\":");
            Json.string(sb, underscore > 0 ? name.substring(0, underscore) : name);
            sb.append(",\"ph\":\"i\",\"s\":\"t\"");
            where(track, r.timeNs());
            sb.append(",\"args\":{");
            List<String> fields = r.point().fields();
            int n = Math.min(fields.size(), r.args().length);
            for (int i = 0; i < n; i++) {
                Json.string(sb, fields.get(i));
                sb.append(':');
                Json.value(sb, r.args()[i]);
                sb.append(',');
            }
            Json.string(sb, fields.contains("text") ? "_text" : "text");
            sb.append(':');
            StringBuilder text = new StringBuilder(96);
            r.point().format(text, r.args());
            Json.string(sb, text.toString());
            sb.append("}}");
            event();
        }

        @Override
        public void span(char phase, String name, PerfettoTrack track, long timeNs) {
            sb.setLength(0);
            sb.append("{\"name\":");
            Json.string(sb, name);
            sb.append(",\"cat\":\"").append(PerfettoSpans.CATEGORY).append("\",\"ph\":\"").append(phase).append('"');
            where(track, timeNs);
            sb.append('}');
            event();
        }

        void flow(char phase, PerfettoFlows.Flow flow, PerfettoTrack track, long timeNs) {
            sb.setLength(0);
            sb.append("{\"name\":\"").append(flow.name()).append("\",\"cat\":\"irq\",\"ph\":\"").append(phase)
                    .append('"');
            if (phase == 'f') {
                sb.append(",\"bp\":\"e\"");
            }
            sb.append(",\"id\":").append(flow.id());
            where(track, timeNs);
            sb.append('}');
            event();
        }

        private void where(PerfettoTrack track, long timeNs) {
            sb.append(",\"ts\":");
            appendMicros(sb, timeNs);
            sb.append(",\"pid\":").append(track.pid()).append(",\"tid\":").append(track.tid());
        }

        private void event() {
            write(first ? "\n" : ",\n");
            write(sb);
            first = false;
        }
    }
}
