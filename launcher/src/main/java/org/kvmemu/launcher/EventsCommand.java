package org.kvmemu.launcher;

import java.io.PrintWriter;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.kvmemu.api.trace.TracePoint;

/**
 * {@code kvmemu events}: every trace event, one line each, its name and its fields in the order
 * they are printed (and in which JSON lists them); what {@code --trace} globs select from.
 */
final class EventsCommand implements Command {

    @Override
    public String name() {
        return "events";
    }

    @Override
    public String arguments() {
        return "[OPTIONS]";
    }

    @Override
    public String summary() {
        return "List every trace event with its fields";
    }

    @Override
    public String description() {
        return "Lists every trace event of KVM's tracepoints, kvmemu's own and the installed plugins'\n"
                + "(backends and guest drivers), with its fields in order (docs/trace-format.md,\n"
                + "docs/trace-events.md).";
    }

    @Override
    public int run(Context context, CommandLine line) {
        requireNoArguments(line);
        PrintWriter out = context.out();
        List<TracePoint> events = TraceEvents.all(context.plugins().installed());
        int width = events.stream().mapToInt(e -> e.name().length()).max().orElse(0) + 2;
        for (TracePoint event : events) {
            out.println(event.name() + " ".repeat(width - event.name().length()) + String.join(" ", event.fields()));
        }
        out.println(events.size() + " events; families: " + String.join(", ", TraceEvents.families(events)));
        return ExitCode.OK;
    }
}
