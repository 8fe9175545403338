package org.kvmemu.api.scenario;

import java.io.Writer;
import java.util.List;
import java.util.OptionalLong;
import org.kvmemu.api.annotation.API;
import org.kvmemu.api.trace.TraceSink;
import org.kvmemu.api.trace.output.TraceFilter;
import org.kvmemu.api.trace.output.TraceFormat;

/**
 * How to run a scenario.
 *
 * @param seed     overrides the scenario's {@code seed=} when present ({@code --seed})
 * @param filter   which events reach {@code traceOut} ({@code --trace})
 * @param format   the trace's format ({@code --trace-format})
 * @param traceOut where the trace goes, or {@code null} for no trace output
 * @param watchers more sinks that see every event they want, whatever {@code filter} says (e.g. the
 *                 exit statistics of {@code --stats})
 */
@API(status = API.Status.INTERNAL, since = "1")
public record RunOptions(OptionalLong seed, TraceFilter filter, TraceFormat format, Writer traceOut,
                         List<TraceSink> watchers) {

    /** Options without watchers. */
    public RunOptions(OptionalLong seed, TraceFilter filter, TraceFormat format, Writer traceOut) {
        this(seed, filter, format, traceOut, List.of());
    }

    /** The watchers are kept as given. */
    public RunOptions {
        watchers = List.copyOf(watchers);
    }

    /** No trace output, the scenario's own seed. */
    public static RunOptions quiet() {
        return new RunOptions(OptionalLong.empty(), TraceFilter.ALL, TraceFormat.TEXT, null);
    }
}
