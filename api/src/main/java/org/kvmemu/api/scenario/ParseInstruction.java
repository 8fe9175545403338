package org.kvmemu.api.scenario;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kvmemu.api.apic.DeliveryMode;
import org.kvmemu.api.apic.Shorthand;
import org.kvmemu.api.apic.TimerMode;
import org.kvmemu.api.guest.Instruction;
import org.kvmemu.api.kvm.LapicTimer;
import org.kvmemu.api.spi.VmType;

/**
 * One instruction of a {@code vcpu ID:} program. {@link #FORMS} is the one table of instruction
 * names and their parsers; what each does is its {@link Instruction#execute}.
 */
final class ParseInstruction {

    /** How one instruction is parsed. */
    private interface Form {
        Instruction parse(ParseInstruction p) throws ScenarioException;
    }

    /** Every instruction, by name, in the order messages list them. */
    private static final Map<String, Form> FORMS = forms();
    private static final int MAX_PRIORITY_CLASS = 15;

    private final ParseForm form;
    private final ParseLine line;
    private final ParseIds ids;
    private final List<LexToken> tokens;

    private ParseInstruction(ParseForm form, ParseIds ids, List<LexToken> tokens) {
        this.form = form;
        this.line = form.line();
        this.ids = ids;
        this.tokens = tokens;
    }

    private static Map<String, Form> forms() {
        Map<String, Form> forms = new LinkedHashMap<>();
        forms.put("sti", p -> p.withoutArguments(new Instruction.Sti()));
        forms.put("cli", p -> p.withoutArguments(new Instruction.Cli()));
        forms.put("hlt", p -> p.withoutArguments(new Instruction.Hlt()));
        forms.put("sti-hlt", p -> p.withoutArguments(new Instruction.StiHlt()));
        forms.put("spin", ParseInstruction::spin);
        forms.put("tpr", ParseInstruction::tpr);
        forms.put("ipi", ParseInstruction::ipi);
        forms.put("timer", ParseInstruction::timer);
        forms.put("tdvmcall", ParseInstruction::tdvmcall);
        forms.put("mark", ParseInstruction::mark);
        forms.put("quote-wait", p -> ParseTdInstruction.quoteWait(p.form, p.ids));
        return forms;
    }

    /** The instruction names, in the order messages list them. */
    static List<String> names() {
        return List.copyOf(FORMS.keySet());
    }

    /** The instruction written as {@code tokens} (its name first) on {@code line}. */
    static Instruction parse(ParseLine line, List<LexToken> tokens, ParseIds ids) throws ScenarioException {
        LexToken head = tokens.get(0);
        ParseForm form = new ParseForm(line, head.text(), head, tokens.subList(1, tokens.size()));
        return new ParseInstruction(form, ids, tokens.subList(1, tokens.size())).instruction();
    }

    private Instruction instruction() throws ScenarioException {
        LexToken head = form.head();
        Form parser = FORMS.get(head.text());
        if (parser == null) {
            throw line.error(head, "unknown instruction '" + head.text() + "' (expected: "
                    + String.join(", ", names()) + ")");
        }
        return parser.parse(this);
    }

    private Instruction withoutArguments(Instruction instruction) throws ScenarioException {
        form.noArguments();
        return instruction;
    }

    /** {@code spin DUR}; {@code spin 10 parsecs} reports the whole {@code 10 parsecs} as the bad duration. */
    private Instruction spin() throws ScenarioException {
        form.args();
        List<LexToken> words = form.words();
        if (words.size() > 1 && !ParseValues.isDuration(words.get(0).text())) {
            LexToken last = words.get(words.size() - 1);
            String written = line.text().substring(words.get(0).column() - 1, last.end() - 1);
            throw line.error(words.get(0), ParseValues.badDuration(written));
        }
        return new Instruction.Spin(ParseValues.duration(line, form.word("duration")));
    }

    private Instruction tpr() throws ScenarioException {
        form.args();
        return new Instruction.Tpr((int) ParseValues.inRange(line, form.word("priority class"), "tpr", 0,
                MAX_PRIORITY_CLASS));
    }

    private Instruction ipi() throws ScenarioException {
        ParseArgs args = form.args("vector", "mode", "shorthand");
        DeliveryMode mode = ParseDelivery.mode(line, args);
        Shorthand shorthand = Shorthand.NONE;
        if (args.has("shorthand")) {
            List<String> names = Arrays.stream(Shorthand.values())
                    .map(Shorthand::scenarioName).toList();
            shorthand = Shorthand.values()[
                    names.indexOf(ParseValues.oneOf(line, args.required("shorthand"), "bad shorthand", names))];
        }
        int dest = shorthand == Shorthand.NONE
                ? ids.ipiDestination(line, form.word("destination apic id"))
                : ignoredDestination();
        return new Instruction.Ipi(dest, ParseDelivery.vector(form, args, mode), mode, shorthand);
    }

    /** The destination of an IPI with a shorthand, which the ICR ignores: any APIC ID, and 0 when not written. */
    private int ignoredDestination() throws ScenarioException {
        Optional<LexToken> dest = form.optionalWord();
        return dest.isPresent() ? (int) ParseValues.inRange(line, dest.get(), "apic id", 0, Integer.MAX_VALUE) : 0;
    }

    private Instruction timer() throws ScenarioException {
        ParseArgs args = form.onlyArgs("mode", "vector", "after");
        List<String> names = Arrays.stream(TimerMode.values())
                .map(TimerMode::scenarioName).toList();
        String mode = ParseValues.oneOf(line, args.required("mode"), "bad mode", names);
        int vector = args.vector("vector");
        LexToken written = args.required("after");
        long after = ParseValues.duration(line, written);
        TimerMode timerMode = TimerMode.values()[names.indexOf(mode)];
        if (timerMode != TimerMode.TSC_DEADLINE && after > LapicTimer.MAX_TMICT_NS) {
            throw line.error(written, "after=" + written.text() + " does not fit TMICT: a " + mode + " timer counts "
                    + "32 bits of the 1 GHz APIC bus (divide by 1), at most " + LapicTimer.MAX_TMICT_NS + "ns");
        }
        return new Instruction.Timer(timerMode, vector, after);
    }

    private Instruction tdvmcall() throws ScenarioException {
        if (ids.machine().vm() != VmType.TD) {
            throw line.error(form.head(), "tdvmcall is only for TDs (machine vm=td)");
        }
        return ParseTdInstruction.tdvmcall(line, form.head(), tokens, ids);
    }

    private Instruction mark() throws ScenarioException {
        form.args();
        return new Instruction.Mark(form.word("label").text());
    }
}
