package org.kvmemu.api.scenario;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code vmm} statement (docs/event-notify.md §N.4.5): zero or one per file, TDs only; its
 * settings become the machine's backend options {@code vmm.KEY}, normalized (durations in ns).
 */
final class ParseVmm {

    /** How the {@code vmm} statement's settings are named among the backend options. */
    static final String OPTION_PREFIX = "vmm.";

    private int vmmLine;

    /** {@code vmm ...} (event-notify.md §N.4.5): its settings become the machine's {@code vmm.KEY} options, normalized. */
    MachineSpec parse(ParseLine line, LexToken keyword, MachineSpec machine, ParseIds ids) throws ScenarioException {
        ParseTdGuest.requireTd(line, keyword, ids, "vmm");
        if (vmmLine != 0) {
            throw line.error(keyword, "second vmm statement (the first is at line " + vmmLine + ")");
        }
        vmmLine = line.number();
        ParseForm form = new ParseForm(line, "vmm", keyword, line.tokens().subList(1, line.tokens().size()));
        ParseArgs a = form.onlyArgs("quote-service", "delay", "fail", "timeout", "notify", "quote-size", "out-len");
        MachineSpec m = machine;
        for (String key : a.keys()) {
            LexToken v = a.required(key);
            String value = switch (key) {
                case "quote-service" -> ParseValues.oneOf(line, v, "bad quote-service", List.of("on", "off"));
                case "delay" -> delays(line, v);
                case "fail" -> fail(line, v);
                case "timeout" -> v.text().equals("never") ? "never" : Long.toString(durationOr(line, v,
                        "bad timeout '" + v.text() + "' (expected: DUR or never)"));
                case "notify" -> ParseValues.oneOf(line, v, "bad notify", List.of("yes", "no", "unsupported"));
                default -> Long.toString(ParseTdValues.u32(line, v, key));
            };
            m = m.withOption(OPTION_PREFIX + key, value);
        }
        return m;
    }

    private static String delays(ParseLine line, LexToken v) throws ScenarioException {
        String problem = "bad delay '" + v.text() + "' (expected: DUR or never, comma-separated)";
        List<String> out = new ArrayList<>();
        for (String part : v.text().split(",", -1)) {
            if (part.equals("never")) {
                out.add("never");
            } else if (ParseValues.isDuration(part)) {
                out.add(Long.toString(ParseValues.duration(line, LexToken.word(part, v.column()))));
            } else {
                throw line.error(v, problem);
            }
        }
        return String.join(",", out);
    }

    private static String fail(ParseLine line, LexToken v) throws ScenarioException {
        String text = v.text();
        if (text.equals("never") || text.equals("always")) {
            return text;
        }
        if (text.matches("every-[0-9]+")) {
            try {
                long n = Long.parseLong(text.substring("every-".length()));
                if (n >= 1) {
                    return "every-" + n;
                }
            } catch (NumberFormatException tooLarge) {
                // reported below
            }
        }
        throw line.error(v, "bad fail '" + text + "' (expected: never, always, every-N with N >= 1)");
    }

    private static long durationOr(ParseLine line, LexToken v, String problem) throws ScenarioException {
        if (!ParseValues.isDuration(v.text())) {
            throw line.error(v, problem);
        }
        return ParseValues.duration(line, v);
    }

}
