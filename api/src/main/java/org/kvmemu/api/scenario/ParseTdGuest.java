package org.kvmemu.api.scenario;

import java.util.ArrayList;
import java.util.List;
import org.kvmemu.api.guest.Instruction;
import org.kvmemu.api.spi.VmType;

/**
 * The TD guest's driver statement, {@code guest driver=tdx-event-notify} (docs/event-notify.md
 * §N.2, §N.7), and what is checked when the file ends: that the forms needing the driver
 * ({@link ParseTdInstruction}, {@link ParseTdExpect}) have it, and that no handler takes the
 * driver's vector. One object per file.
 */
final class ParseTdGuest {

    /** The driver's name. */
    static final String DRIVER = "tdx-event-notify";
    private static final List<String> MODES = List.of("vector", "apic-id", "polling");
    private static final int DEFAULT_VECTOR = 0xec;

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

    /** After the generic driver parse (which rejects unknown keys): the driver's keys (event-notify.md §N.2). */
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

    /** Rejects {@code form} outside a TD and notes that it needs the driver. */
    void needsDriver(ParseForm form, ParseIds ids) throws ScenarioException {
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

}
