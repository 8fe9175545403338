package org.kvmemu.api.scenario;

/** {@code run [until=TIME] [max-events=N]}. */
final class ParseRun {

    private ParseRun() {
    }

    /** The run statement on {@code line}. */
    static RunSpec parse(ParseLine line) throws ScenarioException {
        ParseForm form = new ParseForm(line, "run", line.first(), line.tokens().subList(1, line.tokens().size()));
        ParseArgs args = form.onlyArgs("until", "max-events");
        long maxEvents = args.has("max-events")
                ? ParseValues.inRange(line, args.required("max-events"), "max-events", 1, Long.MAX_VALUE)
                : RunSpec.DEFAULT_MAX_EVENTS;
        return new RunSpec(args.duration("until", RunSpec.DEFAULT_UNTIL_NS), maxEvents, line.location());
    }
}
