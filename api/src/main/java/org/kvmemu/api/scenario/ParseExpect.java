package org.kvmemu.api.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.kvmemu.api.kvm.Errno;
import org.kvmemu.api.spi.VmType;
import org.kvmemu.api.vmm.VcpuIoctl;

/**
 * The {@code expect ...} statements, with their names checked against {@link ParseNames}.
 * {@link #FORMS} is the one table of expectation names and their parsers; how each is checked is
 * its {@link Expectation#check}.
 */
final class ParseExpect {

    /** How one expectation is parsed. */
    private interface Form {
        Expectation parse(ParseExpect p) throws ScenarioException;
    }

    /** Every expectation, by name, in the order messages list them. */
    private static final Map<String, Form> FORMS = forms();
    /** {@code count} of exit and violation expectations written without one: at least once. */
    private static final long AT_LEAST_ONCE = -1;

    private final ParseForm form;
    private final ParseLine line;
    private final ParseIds ids;
    private final ParseTdGuest td;

    private ParseExpect(ParseForm form, ParseIds ids, ParseTdGuest td) {
        this.form = form;
        this.line = form.line();
        this.ids = ids;
        this.td = td;
    }

    private static Map<String, Form> forms() {
        Map<String, Form> forms = new LinkedHashMap<>();
        forms.put("delivered", ParseExpect::delivered);
        forms.put("mark", ParseExpect::mark);
        forms.put("order", ParseExpect::order);
        forms.put("ioctl", ParseExpect::ioctl);
        forms.put("exit", ParseExpect::exit);
        forms.put("stat", ParseExpect::stat);
        forms.put("vm-state", ParseExpect::vmState);
        forms.put("guest", ParseExpect::guest);
        forms.put("trace", ParseExpect::trace);
        forms.put("no-violations", ParseExpect::noViolations);
        forms.put("violation", ParseExpect::violation);
        forms.put("quote", p -> ParseTdExpect.quote(p.form, p.ids, p.td));
        forms.put("quote-status", p -> ParseTdExpect.quoteStatus(p.form, p.ids, p.td));
        forms.put("notify", p -> ParseTdExpect.notify(p.form, p.ids, p.td));
        forms.put("tdvmcall", p -> ParseTdExpect.tdvmcall(p.form, p.ids));
        forms.put("vmm-stat", p -> ParseTdExpect.vmmStat(p.form, p.ids));
        return forms;
    }

    /** The expectation names, in the order messages list them. */
    static List<String> names() {
        return List.copyOf(FORMS.keySet());
    }

    /** The expectation on {@code line}; {@code td} notes the TD guest's forms that need the driver. */
    static Expectation parse(ParseLine line, ParseIds ids, ParseTdGuest td) throws ScenarioException {
        List<LexToken> tokens = line.tokens();
        if (tokens.size() < 2) {
            throw line.errorAtEnd("missing expectation (expected: " + String.join(", ", names()) + ")");
        }
        LexToken kind = tokens.get(1);
        ParseForm form = new ParseForm(line, "expect " + kind.text(), kind, tokens.subList(2, tokens.size()));
        return new ParseExpect(form, ids, td).expectation();
    }

    private Expectation expectation() throws ScenarioException {
        LexToken kind = form.head();
        Form parser = FORMS.get(kind.text());
        if (parser == null) {
            throw line.error(kind, "unknown expectation '" + kind.text() + "' (expected: "
                    + String.join(", ", names()) + ")");
        }
        return parser.parse(this);
    }

    /** {@code delivered vcpu=ID vector=V count=N} or {@code delivered vcpu=ID nmi count=N} ({@code mc} as well). */
    private Expectation delivered() throws ScenarioException {
        ParseArgs args = form.args("vcpu", "vector", "count");
        int vcpu = ids.vcpu(line, args.required("vcpu"));
        Optional<LexToken> word = form.optionalWord();
        int vector;
        if (word.isPresent()) {
            LexToken w = word.get();
            if (args.has("vector") || !(w.is("nmi") || w.is("mc"))) {
                throw line.error(w, "unexpected '" + w.text() + "' in expect delivered (expected vector=V, nmi or mc)");
            }
            vector = w.is("nmi") ? HandlerSpec.NMI : HandlerSpec.MC;
        } else if (args.has("vector")) {
            vector = args.vector("vector");
        } else {
            throw line.error(form.head(), "missing key 'vector' for expect delivered (or the word nmi)");
        }
        return new Expectation.Delivered(vcpu, vector, ParseValues.number(line, args.required("count")),
                line.location());
    }

    /** {@code mark vcpu=ID LABEL count=N}. */
    private Expectation mark() throws ScenarioException {
        ParseArgs args = form.args("vcpu", "count");
        int vcpu = ids.vcpu(line, args.required("vcpu"));
        String label = form.word("label").text();
        return new Expectation.Mark(vcpu, label, ParseValues.number(line, args.required("count")), line.location());
    }

    /** {@code order vcpu=ID ITEM ...}: items as written; those written as numbers must be vectors. */
    private Expectation order() throws ScenarioException {
        ParseArgs args = form.args("vcpu");
        int vcpu = ids.vcpu(line, args.required("vcpu"));
        List<LexToken> words = form.words();
        if (words.isEmpty()) {
            throw line.errorAtEnd("missing items for expect order (vectors, nmi, mc or mark labels)");
        }
        List<String> items = new ArrayList<>();
        for (LexToken item : words) {
            if (ParseValues.isNumber(item.text())) {
                ParseValues.vector(line, item);
            }
            items.add(item.text());
        }
        return new Expectation.Order(vcpu, List.copyOf(items), line.location());
    }

    /** {@code ioctl KIND vcpu=ID result=RESULT}. */
    private Expectation ioctl() throws ScenarioException {
        ParseArgs args = form.args("vcpu", "result");
        VcpuIoctl kind = VcpuIoctl.named(ParseValues.oneOf(line, form.word("ioctl kind"), "unknown ioctl",
                VcpuIoctl.NAMES)).orElseThrow();
        int vcpu = ids.vcpu(line, args.required("vcpu"));
        LexToken written = args.required("result");
        OptionalInt result = Errno.parse(written.text());
        if (result.isEmpty() || result.getAsInt() > 0) {
            throw line.error(written, "bad result '" + written.text() + "' (use 0 or a negative errno such as "
                    + "-ENOTTY, -EINVAL, -EIO)");
        }
        return new Expectation.Ioctl(kind, vcpu, result.getAsInt(), line.location());
    }

    /** {@code exit vcpu=ID reason=NAME [count=N]}. */
    private Expectation exit() throws ScenarioException {
        ParseArgs args = form.onlyArgs("vcpu", "reason", "count");
        int vcpu = ids.vcpu(line, args.required("vcpu"));
        String reason = ParseValues.oneOf(line, args.required("reason"), "unknown exit reason", ParseNames.EXIT_REASONS);
        return new Expectation.Exit(vcpu, reason, args.number("count", AT_LEAST_ONCE), line.location());
    }

    /** {@code stat vcpu=ID NAME=N}. */
    private Expectation stat() throws ScenarioException {
        ParseArgs args = form.anyArgs();
        form.noWords();
        int vcpu = ids.vcpu(line, args.required("vcpu"));
        LexToken stat = onlyOther(args, "stat", ParseNames.STATS);
        return new Expectation.Stat(vcpu, stat.key(), ParseValues.number(line, stat.value()), line.location());
    }

    /** {@code guest vcpu=ID NAME=VALUE}; a {@code tpr} value is kept in decimal. */
    private Expectation guest() throws ScenarioException {
        ParseArgs args = form.anyArgs();
        form.noWords();
        int vcpu = ids.vcpu(line, args.required("vcpu"));
        LexToken state = onlyOther(args, "guest state", ParseNames.GUEST_STATE);
        String name = state.key();
        LexToken value = state.value();
        String checked = switch (name) {
            case "if" -> ParseValues.oneOf(line, value, "bad if", ParseNames.IF_VALUES);
            case "tpr" -> Long.toString(ParseValues.inRange(line, value, "tpr", 0, ParseNames.TPR_MAX));
            case "mp-state" -> ParseValues.oneOf(line, value, "bad mp-state", ParseNames.MP_STATES);
            default -> ParseValues.oneOf(line, value, "bad " + name, ParseNames.YES_NO);
        };
        return new Expectation.Guest(vcpu, name, checked, line.location());
    }

    /**
     * The one {@code NAME=VALUE} argument besides {@code vcpu=}, whose name must be one of
     * {@code names}; {@code what} names it in messages.
     */
    private LexToken onlyOther(ParseArgs args, String what, List<String> names) throws ScenarioException {
        LexToken found = null;
        for (String key : args.keys()) {
            LexToken pair = args.pair(key);
            if (key.equals("vcpu")) {
                continue;
            }
            if (!names.contains(key)) {
                throw line.error(pair, "unknown " + what + " '" + key + "' (expected: " + String.join(", ", names) + ")");
            }
            if (found != null) {
                throw line.error(pair, form.name() + " checks one " + what + "; unexpected '" + pair.text() + "'");
            }
            found = pair;
        }
        if (found == null) {
            throw line.errorAtEnd("missing NAME=VALUE for " + form.name() + " (NAME one of: "
                    + String.join(", ", names) + ")");
        }
        return found;
    }

    /** {@code vm-state NAME}; {@code td-fatal} only for a TD. */
    private Expectation vmState() throws ScenarioException {
        form.args();
        LexToken written = form.word("vm state");
        String state = ParseValues.oneOf(line, written, "unknown vm-state", ParseNames.VM_STATES);
        if (state.equals(ParseNames.TD_FATAL) && ids.machine().vm() != VmType.TD) {
            throw line.error(written, "vm-state td-fatal is only for TDs (machine vm=td)");
        }
        return new Expectation.VmState(state, line.location());
    }

    /** {@code trace contains "TEXT"}. */
    private Expectation trace() throws ScenarioException {
        form.args();
        List<LexToken> words = form.words();
        if (words.isEmpty() || !words.get(0).is("contains")) {
            String reason = "expected 'contains' after expect trace";
            throw words.isEmpty() ? line.errorAtEnd(reason) : line.error(words.get(0), reason);
        }
        if (words.size() < 2) {
            throw line.errorAtEnd("missing quoted text for expect trace contains, e.g. \"kvm_inj_virq\"");
        }
        LexToken text = words.get(1);
        if (!text.quoted()) {
            throw line.error(text, "expected quoted text, e.g. \"" + text.text() + "\"");
        }
        if (words.size() > 2) {
            throw form.unexpected(words.get(2));
        }
        if (text.text().isEmpty()) {
            throw line.error(text, "empty text for expect trace contains");
        }
        return new Expectation.TraceContains(text.text(), line.location());
    }

    /** {@code no-violations}. */
    private Expectation noViolations() throws ScenarioException {
        form.noArguments();
        return new Expectation.NoViolations(line.location());
    }

    /** {@code violation NAME [count=N]}. */
    private Expectation violation() throws ScenarioException {
        ParseArgs args = form.args("count");
        String name = ParseValues.oneOf(line, form.word("violation name"), "unknown violation", ParseNames.VIOLATIONS);
        return new Expectation.Violation(name, args.number("count", AT_LEAST_ONCE), line.location());
    }
}
