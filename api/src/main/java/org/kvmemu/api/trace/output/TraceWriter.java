package org.kvmemu.api.trace.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import org.kvmemu.api.annotation.API;
import org.kvmemu.api.trace.TracePoint;
import org.kvmemu.api.trace.TraceRecord;
import org.kvmemu.api.trace.TraceSink;

/** A sink that writes the events its filter accepts, one line each, as text or JSON. */
@API(status = API.Status.INTERNAL, since = "1")
public final class TraceWriter implements TraceSink {

    private final Writer out;
    private final TraceFilter filter;
    private final TraceFormat format;

    /** Writes events passing {@code filter} to {@code out} in {@code format}. */
    public TraceWriter(Writer out, TraceFilter filter, TraceFormat format) {
        this.out = out;
        this.filter = filter;
        this.format = format;
    }

    @Override
    public boolean wants(TracePoint point) {
        return filter.accepts(point.name());
    }

    @Override
    public void accept(TraceRecord record) {
        try {
            out.write(format == TraceFormat.JSON ? Json.record(record) : record.text());
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
