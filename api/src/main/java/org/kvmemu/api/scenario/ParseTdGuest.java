package org.kvmemu.api.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.kvmemu.api.guest.Ghci;
import org.kvmemu.api.guest.Instruction;
import org.kvmemu.api.kvm.Errno;
import org.kvmemu.api.spi.VmType;

/**
 * The TD guest's forms (scenario language 1.1, spec §N.6 of docs/event-notify.md): the
 * {@code tdx-event-notify} driver's keys, the TDVMCALL instructions and {@code quote-wait}, the
 * {@code vmm} statement and the expectations {@code quote}, {@code quote-status}, {@code notify},
 * {@code tdvmcall} and {@code vmm-stat}. One object per file keeps what is checked when the file
 * ends: that the forms needing the driver have it, and that no handler takes the driver's vector.
 */
final class ParseTdGuest {

    /** The driver's name. */
    static final String DRIVER = "tdx-event-notify";
    /** How the {@code vmm} statement's settings are named among the backend options. */
    static final String VMM_OPTION_PREFIX = "vmm.";
    private static final List<String> TDVMCALLS = List.of("hlt", "setup-event-notify", "get-td-vmcall-info",
            "get-quote");
    private static final List<String> MODES = List.of("vector", "apic-id", "polling");
    private static final List<String> VMM_STATS = List.of("quote_requests", "quote_accepted", "quote_completions",
            "notify_msis");
    private static final long U32_MAX = 0xFFFFFFFFL;
    private static final int DEFAULT_VECTOR = 0xec;
    private static final long GUEST_PAGE = 4096;

    /** A use of a form that needs the driver: where to point and what to say. */
    private record Use(ParseLine line, LexToken at, String form) {
    }

    /** A handler statement, checked against the driver's vector when the file ends. */
    private record Handler(ParseLine line, HandlerSpec spec) {
    }

    private final List<Use> uses = new ArrayList<>();
    private final List<Handler> handlers = new ArrayList<>();
    private int driverLine;
    private String mode;
    private int vector = DEFAULT_VECTOR;
    private int cpu;
    private int vmmLine;

    /** Rejects {@code what} outside a TD, pointing at {@code at}. */
    static void requireTd(ParseLine line, LexToken at, ParseIds ids, String what) throws ScenarioException {
        if (ids.machine().vm() != VmType.TD) {
            throw line.error(at, what + " is only for TDs (machine vm=td)");
        }
    }

    // ---- the driver statement -----------------------------------------------------------------

    /** Whether {@code line} is a {@code guest driver=tdx-event-notify} statement. */
    static boolean isDriver(ParseLine line) {
        return line.tokens().stream().anyMatch(t -> t.isKeyValue() && t.key().equals("driver")
                && t.value().text().equals(DRIVER));
    }

    /** Before the generic driver parse: a TD, and the driver's first statement. */
    void driverOnce(ParseLine line, ParseIds ids) throws ScenarioException {
        LexToken name = line.tokens().stream().filter(t -> t.isKeyValue() && t.key().equals("driver")).findFirst()
                .orElseThrow();
        requireTd(line, name, ids, "driver " + DRIVER);
        if (driverLine != 0) {
            throw line.error(line.first(), "driver " + DRIVER + " is already loaded (line " + driverLine + ")");
        }
    }

    /** After the generic driver parse (which rejects unknown keys): the driver's keys (spec §N.2). */
    void driver(ParseLine line, ParseIds ids) throws ScenarioException {
        ParseForm form = new ParseForm(line, "driver " + DRIVER, line.first(), line.tokens().subList(1,
                line.tokens().size()));
        ParseArgs args = form.anyArgs();
        if (!args.has("mode")) {
            throw line.error(line.first(), "missing key 'mode' for driver " + DRIVER);
        }
        mode = ParseValues.oneOf(line, args.required("mode"), "bad mode", MODES);
        if (args.has("vector")) {
            if (mode.equals("polling")) {
                throw line.error(args.pair("vector"), "vector= is only for mode=vector or mode=apic-id");
            }
            LexToken v = args.required("vector");
            long value = ParseValues.number(line, v);
            if (value > 255) {
                throw line.error(v, "vector " + v.text() + " out of range 0..255");
            }
            if (value < 32) {
                throw line.error(v, "vector " + v.text() + " is below 32 (driver " + DRIVER + " needs 32..255)");
            }
            vector = (int) value;
        }
        if (args.has("cpu")) {
            if (!mode.equals("apic-id")) {
                throw line.error(args.pair("cpu"), "cpu= is only for mode=apic-id");
            }
            cpu = ids.vcpu(line, args.required("cpu"));
        }
        driverLine = line.number();
    }

    /** Notes a handler statement; checked against the driver's vector when the file ends. */
    void handler(ParseLine line, HandlerSpec spec) {
        handlers.add(new Handler(line, spec));
    }

    // ---- instructions ---------------------------------------------------------------------------

    /** {@code tdvmcall NAME [key=value ...]} (spec §N.3), after the TD check; {@code tokens} follow the head. */
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
                if (number64(line, leaf) > 1) {
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
        number64(line, a.required("vector"));
        if (a.has("apic-id")) {
            LexToken id = a.required("apic-id");
            if (number64(line, id) >= ids.machine().vcpus()) {
                throw line.error(id, "apic-id " + id.text() + " out of range (0.." + (ids.machine().vcpus() - 1)
                        + ")");
            }
        }
        return a;
    }

    private static ParseArgs getQuote(ParseLine line, ParseForm form) throws ScenarioException {
        ParseArgs a = form.onlyArgs("buffer", "in-len", "offset", "shared", "size", "version");
        number64(line, a.required("size"));
        if (a.has("buffer")) {
            buffer(line, a.required("buffer"));
        }
        if (a.has("in-len")) {
            u32(line, a.required("in-len"), "in-len");
        }
        if (a.has("version")) {
            number64(line, a.required("version"));
        }
        if (a.has("offset")) {
            LexToken offset = a.required("offset");
            if (number64(line, offset) > GUEST_PAGE - 1) {
                throw line.error(offset, "offset " + offset.text() + " out of range (0..4095)");
            }
        }
        if (a.has("shared")) {
            ParseValues.yesNo(line, a.required("shared"), "shared");
        }
        return a;
    }

    /** {@code quote-wait [buffer=K] [signal-after=DUR]} (spec §N.5). */
    static Instruction quoteWait(ParseForm form, ParseIds ids) throws ScenarioException {
        ParseLine line = form.line();
        requireTd(line, form.head(), ids, "quote-wait");
        ParseArgs a = form.onlyArgs("buffer", "signal-after");
        int buffer = a.has("buffer") ? buffer(line, a.required("buffer")) : 0;
        return new Instruction.QuoteWait(buffer, a.duration("signal-after", Instruction.QuoteWait.NO_SIGNAL));
    }

    /** Notes the driver-needing instructions of a program line, for the check when the file ends. */
    void program(ParseLine line, VcpuProgram program) {
        for (Instruction insn : program.instructions()) {
            if (insn instanceof Instruction.QuoteWait) {
                uses.add(new Use(line, find(line, "quote-wait", null), "quote-wait"));
            } else if (insn instanceof Instruction.Tdvmcall t && t.name().equals("get-quote")) {
                uses.add(new Use(line, find(line, "get-quote", "tdvmcall"), "tdvmcall get-quote"));
            }
        }
    }

    /** The first token {@code text} (or the one before it when {@code before} names it), else the line's first. */
    private static LexToken find(ParseLine line, String text, String before) {
        List<LexToken> t = line.tokens();
        for (int i = 1; i < t.size(); i++) {
            if (t.get(i).is(text) || t.get(i).text().endsWith(":" + text)) {
                return before != null && t.get(i - 1).is(before) ? t.get(i - 1) : t.get(i);
            }
        }
        return line.first();
    }

    // ---- the vmm statement ----------------------------------------------------------------------

    /** {@code vmm ...} (spec §N.4.5): its settings become the machine's {@code vmm.KEY} options, normalized. */
    MachineSpec vmm(ParseLine line, LexToken keyword, MachineSpec machine, ParseIds ids) throws ScenarioException {
        requireTd(line, keyword, ids, "vmm");
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
                default -> Long.toString(u32(line, v, key));
            };
            m = m.withOption(VMM_OPTION_PREFIX + key, value);
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

    // ---- expectations ---------------------------------------------------------------------------

    /** {@code expect quote vcpu=ID result=RESULT [count=N] [bytes=N] [from=TIME] [until=TIME]}. */
    Expectation expectQuote(ParseForm form, ParseIds ids) throws ScenarioException {
        ParseLine line = form.line();
        needsDriver(form, ids);
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
    Expectation expectQuoteStatus(ParseForm form, ParseIds ids) throws ScenarioException {
        ParseLine line = form.line();
        needsDriver(form, ids);
        ParseArgs a = form.args("buffer");
        int buffer = a.has("buffer") ? buffer(line, a.required("buffer")) : 0;
        LexToken word = form.word("quote status");
        int named = Ghci.QUOTE_STATUS_NAMES.indexOf(word.text());
        long status;
        if (named >= 0) {
            status = Ghci.QUOTE_STATUS_VALUES.get(named);
        } else if (ParseValues.isNumber(word.text())) {
            status = number64(line, word);
        } else {
            throw line.error(word, "bad quote status '" + word.text() + "' (expected: "
                    + String.join(", ", Ghci.QUOTE_STATUS_NAMES.subList(0, 3)) + ", SERVICE_UNAVAILABLE or a number)");
        }
        return new Expectation.QuoteStatus(buffer, status, line.location());
    }

    /** {@code expect notify vcpu=ID count=N}. */
    Expectation expectNotify(ParseForm form, ParseIds ids) throws ScenarioException {
        ParseLine line = form.line();
        needsDriver(form, ids);
        ParseArgs a = form.onlyArgs("vcpu", "count");
        int vcpu = ids.vcpu(line, a.required("vcpu"));
        return new Expectation.Notify(vcpu, ParseValues.number(line, a.required("count")), line.location());
    }

    /** {@code expect tdvmcall NAME vcpu=ID [status=STATUS] [r11=N] [r12=N] [r13=N] [r14=N] [count=N]}. */
    static Expectation expectTdvmcall(ParseForm form, ParseIds ids) throws ScenarioException {
        ParseLine line = form.line();
        requireTd(line, form.head(), ids, "expect tdvmcall");
        ParseArgs a = form.args("vcpu", "status", "r11", "r12", "r13", "r14", "count");
        LexToken name = form.word("TDVMCALL name");
        if (!TDVMCALLS.contains(name.text())) {
            throw line.error(name, "unknown TDVMCALL '" + name.text() + "' (expected: " + String.join(", ", TDVMCALLS)
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
                outputs[r] = number64(line, a.required(key));
            }
        }
        return new Expectation.Tdvmcall(name.text(), vcpu, status, java.util.Collections.unmodifiableList(
                java.util.Arrays.asList(outputs)), a.number("count", -1), line.location());
    }

    /** {@code expect vmm-stat NAME=N}. */
    static Expectation expectVmmStat(ParseForm form, ParseIds ids) throws ScenarioException {
        ParseLine line = form.line();
        requireTd(line, form.head(), ids, "expect vmm-stat");
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

    private void needsDriver(ParseForm form, ParseIds ids) throws ScenarioException {
        requireTd(form.line(), form.head(), ids, form.name());
        uses.add(new Use(form.line(), form.head(), form.name()));
    }

    // ---- the end of the file ----------------------------------------------------------------------

    /** The checks that wait for the whole file: the driver is there for those that need it, and keeps its vector. */
    void finish() throws ScenarioException {
        if (driverLine == 0) {
            if (!uses.isEmpty()) {
                Use u = uses.get(0);
                throw u.line().error(u.at(), u.form() + " needs guest driver=" + DRIVER);
            }
            return;
        }
        if (mode.equals("polling")) {
            return;
        }
        for (Handler h : handlers) {
            HandlerSpec s = h.spec();
            int owner = mode.equals("vector") ? (s.vcpu() == HandlerSpec.ALL_VCPUS ? 0 : s.vcpu()) : cpu;
            boolean all = s.vcpu() == HandlerSpec.ALL_VCPUS;
            if (s.vector() == vector && (mode.equals("vector") || all || s.vcpu() == cpu)) {
                throw h.line().error(h.line().tokens().get(1), "vector 0x" + Integer.toHexString(vector)
                        + " belongs to driver " + DRIVER + " on vcpu " + owner);
            }
        }
    }

    // ---- values ---------------------------------------------------------------------------------

    private static int buffer(ParseLine line, LexToken token) throws ScenarioException {
        long k = number64(line, token);
        if (Long.compareUnsigned(k, 255) > 0) {
            throw line.error(token, "buffer " + token.text() + " out of range (0..255)");
        }
        return (int) k;
    }

    private static long u32(ParseLine line, LexToken token, String key) throws ScenarioException {
        if (!ParseValues.isNumber(token.text()) || Long.compareUnsigned(number64(line, token), U32_MAX) > 0) {
            throw line.error(token, "bad " + key + " '" + token.text() + "' (expected a u32: 0..0xFFFFFFFF)");
        }
        return number64(line, token);
    }

    /** A number up to 64 bits (unsigned), decimal or 0x hex. */
    static long number64(ParseLine line, LexToken token) throws ScenarioException {
        String text = token.text();
        if (token.quoted() || !ParseValues.isNumber(text)) {
            throw line.error(token, "bad number '" + text + "' (use decimal or 0x hex)");
        }
        try {
            return text.startsWith("0x") ? Long.parseUnsignedLong(text.substring(2), 16)
                    : Long.parseUnsignedLong(text);
        } catch (NumberFormatException tooLarge) {
            throw line.error(token, "number '" + text + "' is too large");
        }
    }
}
