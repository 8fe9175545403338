package org.kvmemu.api.scenario;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kvmemu.api.spi.Refusal;
import org.kvmemu.api.spi.VmType;

/**
 * The state of parsing one file: dispatches each statement to its parser ({@link #STATEMENTS}, the
 * one table of statement names), keeps the results in file order, and enforces which statements may
 * appear once, first, or once per vCPU.
 */
final class ParseSession {

    /** How one statement is added to the session. */
    private interface Statement {
        void add(ParseSession session, ParseLine line, LexToken keyword) throws ScenarioException;
    }

    /** How the {@code tdx-module} statement's settings are named among the backend options. */
    static final String TDX_MODULE_OPTION_PREFIX = "tdx-module.";
    /** The {@code tdx-module} key for the old module's NMI unblocking at SEAMRET. */
    static final String NMI_UNBLOCK_AFTER_SEAMRET = "nmi-unblock-after-seamret";

    /** Every statement, by keyword, in the order messages list them. */
    private static final Map<String, Statement> STATEMENTS = statements();

    private final String file;
    private final ParsePlugins plugins;
    private final MachineOverride override;
    private MachineSpec machine;
    private ParseIds ids;
    private RunSpec run;
    private final List<DriverSpec> drivers = new ArrayList<>();
    private final List<VcpuProgram> programs = new ArrayList<>();
    private final List<HandlerSpec> handlers = new ArrayList<>();
    private final List<TimedEvent> events = new ArrayList<>();
    private final List<Expectation> expectations = new ArrayList<>();
    /** The line of the first statement of each kind that may appear only once (per key). */
    private final Map<String, Integer> firstLines = new HashMap<>();
    /** The TD guest's forms, checked again when the file ends. */
    private final ParseTdGuest tdGuest = new ParseTdGuest();
    /** The {@code vmm} statement, at most one. */
    private final ParseVmm vmm = new ParseVmm();

    /**
     * A session for {@code file}, checking plugin names against {@code catalog}; {@code override},
     * when not null, replaces the machine's backend and VM type.
     */
    ParseSession(String file, PluginCatalog catalog, MachineOverride override) {
        this.file = file;
        this.plugins = new ParsePlugins(catalog);
        this.override = override;
    }

    private static Map<String, Statement> statements() {
        Map<String, Statement> s = new LinkedHashMap<>();
        s.put("machine", ParseSession::machine);
        s.put("guest", ParseSession::guest);
        s.put("vcpu", ParseSession::vcpu);
        s.put("handler", ParseSession::handler);
        s.put("at", (session, line, keyword) -> session.events.add(ParseEvent.parse(line, session.ids)));
        s.put("run", ParseSession::run);
        s.put("expect", (session, line, keyword) -> session.expectations.add(ParseExpect.parse(line, session.ids,
                session.tdGuest)));
        s.put("tdx-module", ParseSession::tdxModule);
        s.put("vmm", (session, line, keyword) -> session.machine = session.vmm.parse(line, keyword, session.machine,
                session.ids));
        return s;
    }

    /** The statement keywords, in the order messages list them. */
    static List<String> names() {
        return List.copyOf(STATEMENTS.keySet());
    }

    /** Adds the statement on {@code line}. */
    void statement(ParseLine line) throws ScenarioException {
        LexToken keyword = line.first();
        String name = keyword.text();
        if (override != null && !override.expectations() && name.equals("expect") && machine != null) {
            return;
        }
        boolean traceExpectation = name.equals("expect") && line.tokens().size() > 1
                && line.tokens().get(1).is("trace");
        if (!traceExpectation) {
            line.rejectQuotedText();
        }
        Statement statement = STATEMENTS.get(name);
        if (statement == null) {
            throw line.error(keyword, "unknown statement '" + keyword.text() + "' (expected: "
                    + String.join(", ", names()) + ")");
        }
        if (machine == null && !name.equals("machine")) {
            throw line.error(keyword, "expected 'machine' as the first statement, found '" + name + "'");
        }
        statement.add(this, line, keyword);
    }

    private void machine(ParseLine line, LexToken keyword) throws ScenarioException {
        once(line, keyword, "machine", "duplicate machine statement");
        machine = ParseMachine.parse(line, plugins, override);
        ids = new ParseIds(machine);
    }

    /**
     * {@code tdx-module [nmi-unblock-after-seamret=yes|no]}: zero or one, TDs only; its settings are
     * backend options of the machine ({@code tdx-module.KEY}).
     */
    private void tdxModule(ParseLine line, LexToken keyword) throws ScenarioException {
        once(line, keyword, "tdx-module", "duplicate tdx-module statement");
        if (machine.vm() != VmType.TD) {
            throw line.error(keyword, "tdx-module is only for TDs (machine vm=td)");
        }
        ParseForm form = new ParseForm(line, "tdx-module", keyword, line.tokens().subList(1, line.tokens().size()));
        ParseArgs args = form.onlyArgs(NMI_UNBLOCK_AFTER_SEAMRET);
        if (args.has(NMI_UNBLOCK_AFTER_SEAMRET)) {
            boolean unblock = ParseValues.yesNo(line, args.required(NMI_UNBLOCK_AFTER_SEAMRET),
                    NMI_UNBLOCK_AFTER_SEAMRET);
            machine = machine.withOption(TDX_MODULE_OPTION_PREFIX + NMI_UNBLOCK_AFTER_SEAMRET, unblock ? "yes" : "no");
        }
        Optional<Refusal> refusal = plugins.backendRefusal(machine.backend(), machine.vmConfig());
        if (refusal.isPresent()) {
            throw line.backendRefuses(keyword, "backend '" + machine.backend() + "' refuses this machine: "
                    + refusal.get().message());
        }
    }

    private void guest(ParseLine line, LexToken keyword) throws ScenarioException {
        boolean eventNotify = ParseTdGuest.isDriver(line);
        if (eventNotify) {
            tdGuest.driverOnce(line, ids);
        }
        DriverSpec driver = ParseDriver.parse(line, plugins);
        if (eventNotify) {
            tdGuest.driver(line, ids);
        }
        once(line, keyword, "driver " + driver.name(), "duplicate guest driver '" + driver.name() + "'");
        drivers.add(driver);
    }

    private void vcpu(ParseLine line, LexToken keyword) throws ScenarioException {
        VcpuProgram program = ParseProgram.parse(line, ids);
        once(line, line.tokens().get(1), "vcpu " + program.vcpu(), "duplicate program for vcpu " + program.vcpu());
        programs.add(program);
        tdGuest.program(line, program);
    }

    private void handler(ParseLine line, LexToken keyword) throws ScenarioException {
        HandlerSpec handler = ParseHandler.parse(line, ids);
        once(line, keyword, "handler " + handler.vector() + " " + handler.vcpu(), "duplicate handler for "
                + describe(handler.vector())
                + (handler.vcpu() == HandlerSpec.ALL_VCPUS ? "" : " on vcpu " + handler.vcpu()));
        handlers.add(handler);
        tdGuest.handler(line, handler);
    }

    private void run(ParseLine line, LexToken keyword) throws ScenarioException {
        once(line, keyword, "run", "duplicate run statement");
        run = ParseRun.parse(line);
    }

    /** The scenario, once every line is added; {@code firstLine} is shown when there was no statement. */
    Scenario finish(String firstLine) throws ScenarioException {
        if (machine == null) {
            throw new ScenarioException(new Location(file, 1, 1), "missing machine statement", firstLine);
        }
        tdGuest.finish();
        RunSpec runSpec = run != null ? run
                : new RunSpec(RunSpec.DEFAULT_UNTIL_NS, RunSpec.DEFAULT_MAX_EVENTS, machine.location());
        return new Scenario(file, machine, List.copyOf(drivers), List.copyOf(programs), List.copyOf(handlers),
                List.copyOf(events), runSpec, List.copyOf(expectations));
    }

    private static String describe(int vector) {
        return switch (vector) {
            case HandlerSpec.NMI -> "nmi";
            case HandlerSpec.MC -> "mc";
            default -> "vector 0x" + Integer.toHexString(vector);
        };
    }

    /** Records that {@code key} was seen on {@code line}; a second time is the error {@code reason}. */
    private void once(ParseLine line, LexToken at, String key, String reason) throws ScenarioException {
        Integer first = firstLines.putIfAbsent(key, line.number());
        if (first != null) {
            throw line.error(at, reason + " (first at line " + first + ")");
        }
    }
}
