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
 * the run goes and closed at {@link #finish}. Process 1 holds a track per physical CPU
 * ({@code host}, {@code vmm}, {@code tdxmod}), process 2 a track per vCPU ({@code vcpuN},
 * {@code guestN}), each named when its first record comes. Every event becomes a thread-scoped
 * instant with its fields and text as args, except that an interrupt's source and delivery (and a
 * Quote's submission and result) are zero-length slices, so that the flow arrow between them binds
 * to slices; "guest mode", "SEAM" and "blocked" spans are complete events, written when they close
 * and at the latest at the end of the run. All are derived from the events the filter lets through
 * (docs/trace-events.md). Memory holds only the open spans, the tracks named so far and the
 * bounded records waiting for their arrow ({@link PerfettoFlows}), however long the run. The same
 * records always give the same bytes.
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
     * Writes {@code record}: its track's names the first time, the spans it closes, its event
     * (or holds it until its arrow completes), and the arrow it completes.
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
        if (!flows.take(record, track, events)) {
            events.record(record, track, false);
        }
    }

    /** Closes the document, spans still open ending at the last event; later calls do nothing. */
    @Override
    public void finish() {
        finish(last);
    }

    /**
     * Writes the records still waiting for an arrow as instants, ends the spans still open at
     * {@code endTimeNs} (or the last event, if later), closes the document and flushes; later calls
     * do nothing.
     */
    @Override
    public void finish(long endTimeNs) {
        if (finished) {
            return;
        }
        start();
        finished = true;
        flows.flush(events);
        spans.closeAll(Math.max(last, endTimeNs), events);
        write("\n]}\n");
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the writer holds: tracks named, spans open, records and steps waiting for an arrow. */
    int retained() {
        return tracks.size() + spans.openCount() + flows.held();
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
    private final class Events implements PerfettoSpans.Sink, PerfettoFlows.Sink {

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
            write();
        }

        /** The record as a thread instant, or as a zero-length slice when a flow arrow leaves or reaches it. */
        @Override
        public void record(TraceRecord r, PerfettoTrack track, boolean slice) {
            String name = r.point().name();
            int underscore = name.indexOf('_');
            sb.setLength(0);
            sb.append("{\"name\":");
            Json.string(sb, name);
            sb.append(",\"cat\":");
            Json.string(sb, underscore > 0 ? name.substring(0, underscore) : name);
            sb.append(slice ? ",\"ph\":\"X\",\"dur\":0" : ",\"ph\":\"i\",\"s\":\"t\"");
            where(track, r.timeNs());
            sb.append(",\"args\":{");
            int n = Math.min(r.point().fields().size(), r.args().length);
            for (int i = 0; i < n; i++) {
                if (Json.written(r, i)) {
                    Json.string(sb, r.point().key(i));
                    sb.append(':');
                    Json.field(sb, r.point(), i, r.args()[i]);
                    sb.append(',');
                }
            }
            sb.append("\"text\":");
            StringBuilder text = new StringBuilder(96);
            r.point().format(text, r.args());
            Json.string(sb, text.toString());
            sb.append("}}");
            write();
        }

        @Override
        public void span(String name, PerfettoTrack track, long beginNs, long endNs) {
            sb.setLength(0);
            sb.append("{\"name\":");
            Json.string(sb, name);
            sb.append(",\"cat\":\"").append(PerfettoSpans.CATEGORY).append("\",\"ph\":\"X\",\"dur\":");
            appendMicros(sb, endNs - beginNs);
            where(track, beginNs);
            sb.append('}');
            write();
        }

        @Override
        public void flow(char phase, int id, String name, PerfettoTrack track, long timeNs) {
            sb.setLength(0);
            sb.append("{\"name\":\"").append(name).append("\",\"cat\":\"irq\",\"ph\":\"").append(phase)
                    .append('"');
            if (phase == 'f') {
                sb.append(",\"bp\":\"e\"");
            }
            sb.append(",\"id\":").append(id);
            where(track, timeNs);
            sb.append('}');
            write();
        }

        private void where(PerfettoTrack track, long timeNs) {
            sb.append(",\"ts\":");
            appendMicros(sb, timeNs);
            sb.append(",\"pid\":").append(track.pid()).append(",\"tid\":").append(track.tid());
        }

        private void write() {
            PerfettoTraceWriter.this.write(first ? "\n" : ",\n");
            PerfettoTraceWriter.this.write(sb);
            first = false;
        }
    }
}
