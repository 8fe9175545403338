package org.kvmemu.api.scenario;

import java.io.Writer;
import java.util.OptionalLong;
import org.kvmemu.api.annotation.API;
import org.kvmemu.api.trace.output.TraceFilter;
import org.kvmemu.api.trace.output.TraceFormat;

/**
 * How to run a scenario.
 *
 * @param seed     overrides the scenario's {@code seed=} when present ({@code --seed})
 * @param filter   which events reach {@code traceOut} ({@code --trace})
 * @param format   the trace's format ({@code --trace-format})
 * @param traceOut where the trace goes, or {@code null} for no trace output
 */
@API(status = API.Status.INTERNAL, since = "1")
public record RunOptions(OptionalLong seed, TraceFilter filter, TraceFormat format, Writer traceOut) {

    /** No trace output, the scenario's own seed. */
    public static RunOptions quiet() {
        return new RunOptions(OptionalLong.empty(), TraceFilter.ALL, TraceFormat.TEXT, null);
    }
}
