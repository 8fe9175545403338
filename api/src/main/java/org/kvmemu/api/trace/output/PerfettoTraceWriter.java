package org.kvmemu.api.trace.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.kvmemu.api.annotation.API;
import org.kvmemu.api.trace.TracePoint;
import org.kvmemu.api.trace.TraceRecord;
import org.kvmemu.api.trace.TraceSink;

/**
 * Chrome Trace Event Format output ({@code --trace-format perfetto}), for ui.perfetto.dev or
 * chrome://tracing: one JSON object {@code {"displayTimeUnit":"ns","traceEvents":[...]}} written at
 * {@link #finish}. Process 1 holds a track per physical CPU ({@code host}, {@code vmm},
 * {@code tdxmod}), process 2 a track per vCPU ({@code vcpuN}, {@code guestN}). Every event becomes a
 * thread-scoped instant with its fields and text as args, except that an interrupt's source and
 * delivery are zero-length slices, so that the flow arrow between them binds to slices; "guest
 * mode" and "blocked" spans are complete events that end at the latest at the end of the run. All
 * are derived from the events the filter lets through (docs/trace-events.md). The same records
 * always give the same bytes.
 */
@API(status = API.Status.INTERNAL, since = "1")
public final class PerfettoTraceWriter implements TraceSink {

    private final Writer out;
    private final TraceFilter filter;
    private final List<TraceRecord> records = new ArrayList<>();
    private final TreeSet<PerfettoTrack> tracks = new TreeSet<>();
    private boolean finished;

    /** Writes the events {@code filter} accepts to {@code out}, as one JSON document at {@link #finish}. */
    public PerfettoTraceWriter(Writer out, TraceFilter filter) {
        this.out = out;
        this.filter = filter;
    }

    @Override
    public boolean wants(TracePoint point) {
        return filter.accepts(point.name());
    }

    /**
     * Keeps {@code record} until {@link #finish}: spans and flow arrows need the events after it.
     *
     * @throws IllegalStateException after {@link #finish}
     */
    @Override
    public void accept(TraceRecord record) {
        if (finished) {
            throw new IllegalStateException("perfetto trace already finished");
        }
        records.add(record);
        tracks.add(PerfettoTrack.of(record));
    }

    /** Writes the whole document, spans still open ending at the last event; later calls do nothing. */
    @Override
    public void finish() {
        finish(records.stream().mapToLong(TraceRecord::timeNs).max().orElse(0));
    }

    /** Writes the whole document, spans still open ending at {@code endTimeNs}; later calls do nothing. */
    @Override
    public void finish(long endTimeNs) {
        if (finished) {
            return;
        }
        finished = true;
        try {
            new Renderer().render(endTimeNs);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            records.clear();
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

    /** One pass over the records, writing events as it goes. */
    private final class Renderer implements PerfettoSpans.Sink {

        private final StringBuilder sb = new StringBuilder(256);
        private boolean first = true;

        void render(long endTimeNs) throws IOException {
            out.write("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[");
            metadata();
            PerfettoFlows flows = new PerfettoFlows(records);
            PerfettoSpans spans = new PerfettoSpans(PerfettoSpans.RULES);
            long last = 0;
            for (int i = 0; i < records.size(); i++) {
                TraceRecord r = records.get(i);
                PerfettoTrack track = PerfettoTrack.of(r);
                last = Math.max(last, r.timeNs());
                spans.apply(r, track, this);
                PerfettoFlows.Flow start = flows.startAt(i);
                PerfettoFlows.Flow finish = flows.finishAt(i);
                event(r, track, start != null || finish != null);
                if (start != null) {
                    flow('s', start, track, r.timeNs());
                }
                if (finish != null) {
                    flow('f', finish, track, r.timeNs());
                }
                PerfettoFlows.Flow step = flows.stepAt(i);
                if (step != null) {
                    flow('t', step, track, r.timeNs());
                }
            }
            spans.closeAll(Math.max(last, endTimeNs), this);
            out.write("\n]}\n");
        }

        private void metadata() {
            int pid = 0;
            for (PerfettoTrack t : tracks) {
                if (t.pid() != pid) {
                    pid = t.pid();
                    meta("process_name", pid, -1, PerfettoTrack.processName(pid));
                    meta("process_sort_index", pid, -1, pid);
                }
                meta("thread_name", pid, t.tid(), t.name());
                meta("thread_sort_index", pid, t.tid(), t.tid());
            }
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
        private void event(TraceRecord r, PerfettoTrack track, boolean flowEnd) {
            String name = r.point().name();
            int underscore = name.indexOf('_');
            sb.setLength(0);
            sb.append("{\"name\":");
            Json.string(sb, name);
            sb.append(",\"cat\":");
            Json.string(sb, underscore > 0 ? name.substring(0, underscore) : name);
            sb.append(flowEnd ? ",\"ph\":\"X\",\"dur\":0" : ",\"ph\":\"i\",\"s\":\"t\"");
            where(track, r.timeNs());
            sb.append(",\"args\":{");
            List<String> fields = r.point().fields();
            int n = Math.min(fields.size(), r.args().length);
            for (int i = 0; i < n; i++) {
                Json.string(sb, fields.get(i));
                sb.append(':');
                Json.field(sb, r.point(), i, r.args()[i]);
                sb.append(',');
            }
            Json.string(sb, fields.contains("text") ? "_text" : "text");
            sb.append(':');
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

        private void flow(char phase, PerfettoFlows.Flow flow, PerfettoTrack track, long timeNs) {
            sb.setLength(0);
            sb.append("{\"name\":\"").append(flow.name()).append("\",\"cat\":\"irq\",\"ph\":\"").append(phase)
                    .append('"');
            if (phase == 'f') {
                sb.append(",\"bp\":\"e\"");
            }
            sb.append(",\"id\":").append(flow.id());
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
            try {
                out.write(first ? "\n" : ",\n");
                out.append(sb);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            first = false;
        }
    }
}
