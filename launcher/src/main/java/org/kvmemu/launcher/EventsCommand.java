package org.kvmemu.launcher;

import java.io.PrintWriter;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.kvmemu.api.trace.TracePoint;

/**
 * {@code kvmemu events}: every trace event, one line each, its name and the shape of its text
 * ({@link TracePoint#shape}: {@code <field>} where a field's value goes, {@code [...]} text that
 * appears only sometimes, {@code {a|b}} one of several words), or, for a plugin's event that
 * describes no shape, its fields in order; what {@code --trace} globs select from.
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
        return "List every trace event with the shape of its text";
    }

    @Override
    public String description() {
        return "Lists every trace event of KVM's tracepoints, kvmemu's own and the installed plugins'\n"
                + "(backends and guest drivers), with the shape of its text: <field> where a field's value\n"
                + "goes, [...] text that appears only sometimes, {a|b} one of several words, \\ before a\n"
                + "character that stands for itself. An event that describes no shape shows its fields in\n"
                + "order (docs/trace-format.md, docs/trace-events.md).";
    }

    @Override
    public int run(Context context, CommandLine line) {
        requireNoArguments(line);
        PrintWriter out = context.out();
        List<TracePoint> events = TraceEvents.all(context.plugins().installed());
        int width = events.stream().mapToInt(e -> e.name().length()).max().orElse(0) + 2;
        for (TracePoint event : events) {
            String shape = event.shape().orElseGet(() -> "fields: " + String.join(" ", event.fields()));
            out.println(event.name() + " ".repeat(width - event.name().length()) + shape);
        }
        out.println(events.size() + " events; families: " + String.join(", ", TraceEvents.families(events)));
        return ExitCode.OK;
    }
}
