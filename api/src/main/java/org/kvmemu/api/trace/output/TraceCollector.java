package org.kvmemu.api.trace.output;

import java.util.ArrayList;
import java.util.List;
import org.kvmemu.api.annotation.API;
import org.kvmemu.api.trace.TracePoint;
import org.kvmemu.api.trace.TraceRecord;
import org.kvmemu.api.trace.TraceSink;

/**
 * A sink that sees every event, whatever the user's filter, and remembers only which of the
 * {@code expect trace contains} texts some line contained: a long run keeps no growing record.
 */
@API(status = API.Status.INTERNAL, since = "1")
public final class TraceCollector implements TraceSink {

    private final List<String> texts;
    private final boolean[] seen;

    /** A collector looking for {@code texts}. */
    public TraceCollector(List<String> texts) {
        this.texts = new ArrayList<>(texts);
        this.seen = new boolean[texts.size()];
    }

    @Override
    public boolean wants(TracePoint point) {
        return !texts.isEmpty();
    }

    @Override
    public void accept(TraceRecord record) {
        String line = record.text();
        for (int i = 0; i < seen.length; i++) {
            seen[i] |= line.contains(texts.get(i));
        }
    }

    /** Whether some line contained {@code text} (one of the texts given at construction). */
    public boolean seen(String text) {
        int i = texts.indexOf(text);
        return i >= 0 && seen[i];
    }
}
