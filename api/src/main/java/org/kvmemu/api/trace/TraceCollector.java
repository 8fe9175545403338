package org.kvmemu.api.trace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.kvmemu.api.spi.API;

/** A sink that keeps every event's text line, whatever the user's filter: for {@code expect trace contains}. */
@API(status = API.Status.EXPERIMENTAL, since = "1")
public final class TraceCollector implements TraceSink {

    private final List<String> lines = new ArrayList<>();

    @Override
    public boolean wants(TracePoint point) {
        return true;
    }

    @Override
    public void accept(TraceRecord record) {
        lines.add(record.text());
    }

    /** The text lines so far, in order. */
    public List<String> lines() {
        return Collections.unmodifiableList(lines);
    }
}
