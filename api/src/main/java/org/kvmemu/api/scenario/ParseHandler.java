package org.kvmemu.api.scenario;

/** {@code handler VECTOR|nmi|mc [vcpu=ID] [spin=DUR] [eoi=yes|no] [mark=LABEL]}. */
final class ParseHandler {

    private ParseHandler() {
    }

    /** The handler statement on {@code line}. */
    static HandlerSpec parse(ParseLine line, ParseIds ids) throws ScenarioException {
        ParseForm form = new ParseForm(line, "handler", line.first(), line.tokens().subList(1, line.tokens().size()));
        ParseArgs args = form.args("vcpu", "spin", "eoi", "mark");
        LexToken which = form.optionalWord()
                .orElseThrow(() -> line.errorAtEnd("missing vector for handler (expected a number, nmi or mc)"));
        int vector;
        if (which.is("nmi")) {
            vector = HandlerSpec.NMI;
        } else if (which.is("mc")) {
            vector = HandlerSpec.MC;
        } else {
            vector = ParseValues.vector(line, which);
        }
        int vcpu = args.has("vcpu") ? ids.vcpu(line, args.required("vcpu")) : HandlerSpec.ALL_VCPUS;
        String mark = args.has("mark") ? args.required("mark").text() : null;
        return new HandlerSpec(vector, vcpu, args.duration("spin", 0), args.yesNo("eoi", true), mark,
                line.location());
    }
}
