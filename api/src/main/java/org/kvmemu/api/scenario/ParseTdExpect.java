package org.kvmemu.api.scenario;

import java.util.List;
import java.util.OptionalInt;
import org.kvmemu.api.guest.Ghci;
import org.kvmemu.api.kvm.Errno;

/**
 * The TD guest's expectations (docs/event-notify.md §N.6): {@code quote}, {@code quote-status},
 * {@code notify} (these three need the driver), {@code tdvmcall} and {@code vmm-stat}.
 */
final class ParseTdExpect {

    private static final List<String> VMM_STATS = List.of("quote_requests", "quote_accepted", "quote_completions",
            "notify_msis");

    private ParseTdExpect() {
    }

    /** {@code expect quote vcpu=ID result=RESULT [count=N] [bytes=N] [from=TIME] [until=TIME]}. */
    static Expectation quote(ParseForm form, ParseIds ids, ParseTdGuest td) throws ScenarioException {
        ParseLine line = form.line();
        td.needsDriver(form, ids);
        ParseArgs a = form.onlyArgs("vcpu", "result", "count", "bytes", "from", "until");
        int vcpu = ids.vcpu(line, a.required("vcpu"));
        LexToken written = a.required("result");
        OptionalInt result = Errno.parse(written.text());
        if (result.isEmpty() || result.getAsInt() > 0) {
            throw line.error(written, "bad result '" + written.text() + "' (use 0 or a negative errno such as "
                    + "-EBUSY, -EIO, -EFBIG, -ETIMEDOUT, -EINTR)");
        }
        long from = a.duration("from", 0);
        long until = a.duration("until", Long.MAX_VALUE);
        if (a.has("from") && a.has("until") && from >= until) {
            throw line.error(a.pair("from"), "from= must be before until=");
        }
        return new Expectation.Quote(vcpu, result.getAsInt(), a.number("count", -1), a.number("bytes", -1), from,
                until, line.location());
    }

    /** {@code expect quote-status [buffer=K] STATUS}. */
    static Expectation quoteStatus(ParseForm form, ParseIds ids, ParseTdGuest td) throws ScenarioException {
        ParseLine line = form.line();
        td.needsDriver(form, ids);
        ParseArgs a = form.args("buffer");
        int buffer = a.has("buffer") ? ParseTdValues.buffer(line, a.required("buffer")) : 0;
        LexToken word = form.word("quote status");
        int named = Ghci.QUOTE_STATUS_NAMES.indexOf(word.text());
        long status;
        if (named >= 0) {
            status = Ghci.QUOTE_STATUS_VALUES.get(named);
        } else if (ParseValues.isNumber(word.text())) {
            status = ParseTdValues.number64(line, word);
        } else {
            throw line.error(word, "bad quote status '" + word.text() + "' (expected: "
                    + String.join(", ", Ghci.QUOTE_STATUS_NAMES.subList(0, 3)) + ", SERVICE_UNAVAILABLE or a number)");
        }
        return new Expectation.QuoteStatus(buffer, status, line.location());
    }

    /** {@code expect notify vcpu=ID count=N}. */
    static Expectation notify(ParseForm form, ParseIds ids, ParseTdGuest td) throws ScenarioException {
        ParseLine line = form.line();
        td.needsDriver(form, ids);
        ParseArgs a = form.onlyArgs("vcpu", "count");
        int vcpu = ids.vcpu(line, a.required("vcpu"));
        return new Expectation.Notify(vcpu, ParseValues.number(line, a.required("count")), line.location());
    }

    /** {@code expect tdvmcall NAME vcpu=ID [status=STATUS] [r11=N] [r12=N] [r13=N] [r14=N] [count=N]}. */
    static Expectation tdvmcall(ParseForm form, ParseIds ids) throws ScenarioException {
        ParseLine line = form.line();
        ParseTdGuest.requireTd(line, form.head(), ids, "expect tdvmcall");
        ParseArgs a = form.args("vcpu", "status", "r11", "r12", "r13", "r14", "count");
        LexToken name = form.word("TDVMCALL name");
        if (!ParseTdInstruction.TDVMCALLS.contains(name.text())) {
            throw line.error(name, "unknown TDVMCALL '" + name.text() + "' (expected: " + String.join(", ", ParseTdInstruction.TDVMCALLS)
                    + ")");
        }
        int vcpu = ids.vcpu(line, a.required("vcpu"));
        Long status = null;
        if (a.has("status")) {
            LexToken s = a.required("status");
            int i = Ghci.STATUS_NAMES.indexOf(s.text());
            if (i < 0) {
                throw line.error(s, "bad status '" + s.text() + "' (expected: " + String.join(", ", Ghci.STATUS_NAMES)
                        + ")");
            }
            status = Ghci.STATUS_VALUES.get(i);
        }
        Long[] outputs = new Long[4];
        for (int r = 0; r < 4; r++) {
            String key = "r1" + (r + 1);
            if (a.has(key)) {
                if (!name.is("get-td-vmcall-info")) {
                    throw line.error(a.pair(key), key + "= is only for expect tdvmcall get-td-vmcall-info");
                }
                outputs[r] = ParseTdValues.number64(line, a.required(key));
            }
        }
        return new Expectation.Tdvmcall(name.text(), vcpu, status, java.util.Collections.unmodifiableList(
                java.util.Arrays.asList(outputs)), a.number("count", -1), line.location());
    }

    /** {@code expect vmm-stat NAME=N}. */
    static Expectation vmmStat(ParseForm form, ParseIds ids) throws ScenarioException {
        ParseLine line = form.line();
        ParseTdGuest.requireTd(line, form.head(), ids, "expect vmm-stat");
        ParseArgs a = form.anyArgs();
        form.noWords();
        if (a.keys().isEmpty()) {
            throw line.errorAtEnd("missing NAME=N for expect vmm-stat (NAME one of: " + String.join(", ", VMM_STATS)
                    + ")");
        }
        String key = a.keys().get(0);
        if (!VMM_STATS.contains(key)) {
            throw line.error(a.pair(key), "unknown vmm stat '" + key + "' (expected: " + String.join(", ", VMM_STATS)
                    + ")");
        }
        if (a.keys().size() > 1) {
            throw form.unexpected(a.pair(a.keys().get(1)));
        }
        return new Expectation.VmmStat(key, ParseValues.number(line, a.required(key)), line.location());
    }
}
