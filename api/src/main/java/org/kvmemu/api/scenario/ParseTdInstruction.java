package org.kvmemu.api.scenario;

import java.util.ArrayList;
import java.util.List;
import org.kvmemu.api.guest.Instruction;

/**
 * The TD guest's instructions (docs/event-notify.md §N.5): {@code tdvmcall NAME} with the keys
 * each name takes, and {@code quote-wait}.
 */
final class ParseTdInstruction {

    /** The TDVMCALL names, in the order messages list them. */
    static final List<String> TDVMCALLS = List.of("hlt", "setup-event-notify", "get-td-vmcall-info", "get-quote");
    private static final long GUEST_PAGE = 4096;

    private ParseTdInstruction() {
    }

    /** {@code tdvmcall NAME [key=value ...]} (event-notify.md §N.3), after the TD check; {@code tokens} follow the head. */
    static Instruction tdvmcall(ParseLine line, LexToken head, List<LexToken> tokens, ParseIds ids)
            throws ScenarioException {
        ParseForm named = new ParseForm(line, "tdvmcall", head, tokens);
        LexToken name = named.words().isEmpty() ? null : named.words().get(0);
        if (name == null) {
            throw line.errorAtEnd("missing name for tdvmcall");
        }
        if (!TDVMCALLS.contains(name.text())) {
            throw line.error(name, "unknown TDVMCALL '" + name.text() + "' (expected: " + String.join(", ", TDVMCALLS)
                    + ")");
        }
        List<LexToken> rest = new ArrayList<>(tokens);
        rest.remove(name);
        ParseForm form = new ParseForm(line, "tdvmcall " + name.text(), head, rest);
        ParseArgs args = switch (name.text()) {
            case "hlt" -> {
                form.noArguments();
                yield form.onlyArgs();
            }
            case "setup-event-notify" -> setupEventNotify(line, form, ids);
            case "get-td-vmcall-info" -> {
                ParseArgs a = form.onlyArgs("leaf");
                LexToken leaf = a.required("leaf");
                if (ParseTdValues.number64(line, leaf) > 1) {
                    throw line.error(leaf, "leaf " + leaf.text() + " out of range (0..1)");
                }
                yield a;
            }
            default -> getQuote(line, form);
        };
        return new Instruction.Tdvmcall(name.text(), args.asMap());
    }

    private static ParseArgs setupEventNotify(ParseLine line, ParseForm form, ParseIds ids) throws ScenarioException {
        ParseArgs a = form.onlyArgs("vector", "apic-id");
        ParseTdValues.number64(line, a.required("vector"));
        if (a.has("apic-id")) {
            LexToken id = a.required("apic-id");
            if (ParseTdValues.number64(line, id) >= ids.machine().vcpus()) {
                throw line.error(id, "apic-id " + id.text() + " out of range (0.." + (ids.machine().vcpus() - 1)
                        + ")");
            }
        }
        return a;
    }

    private static ParseArgs getQuote(ParseLine line, ParseForm form) throws ScenarioException {
        ParseArgs a = form.onlyArgs("buffer", "in-len", "offset", "shared", "size", "version");
        ParseTdValues.number64(line, a.required("size"));
        if (a.has("buffer")) {
            ParseTdValues.buffer(line, a.required("buffer"));
        }
        if (a.has("in-len")) {
            ParseTdValues.u32(line, a.required("in-len"), "in-len");
        }
        if (a.has("version")) {
            ParseTdValues.number64(line, a.required("version"));
        }
        if (a.has("offset")) {
            LexToken offset = a.required("offset");
            if (ParseTdValues.number64(line, offset) > GUEST_PAGE - 1) {
                throw line.error(offset, "offset " + offset.text() + " out of range (0..4095)");
            }
        }
        if (a.has("shared")) {
            ParseValues.yesNo(line, a.required("shared"), "shared");
        }
        return a;
    }

    /** {@code quote-wait [buffer=K] [signal-after=DUR]} (event-notify.md §N.5). */
    static Instruction quoteWait(ParseForm form, ParseIds ids) throws ScenarioException {
        ParseLine line = form.line();
        ParseTdGuest.requireTd(line, form.head(), ids, "quote-wait");
        ParseArgs a = form.onlyArgs("buffer", "signal-after");
        int buffer = a.has("buffer") ? ParseTdValues.buffer(line, a.required("buffer")) : 0;
        return new Instruction.QuoteWait(buffer, a.duration("signal-after", Instruction.QuoteWait.NO_SIGNAL));
    }

}
