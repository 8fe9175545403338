package org.kvmemu.api.scenario;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /** Every statement, by keyword, in the order messages list them. */
    private static final Map<String, Statement> STATEMENTS = statements();

    private final String file;
    private final ParsePlugins plugins;
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

    /** A session for {@code file}, checking plugin names against {@code catalog}. */
    ParseSession(String file, PluginCatalog catalog) {
        this.file = file;
        this.plugins = new ParsePlugins(catalog);
    }

    private static Map<String, Statement> statements() {
        Map<String, Statement> s = new LinkedHashMap<>();
        s.put("machine", ParseSession::machine);
        s.put("guest", ParseSession::guest);
        s.put("vcpu", ParseSession::vcpu);
        s.put("handler", ParseSession::handler);
        s.put("at", (session, line, keyword) -> session.events.add(ParseEvent.parse(line, session.ids)));
        s.put("run", ParseSession::run);
        s.put("expect", (session, line, keyword) -> session.expectations.add(ParseExpect.parse(line, session.ids)));
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
        machine = ParseMachine.parse(line, plugins);
        ids = new ParseIds(machine);
    }

    private void guest(ParseLine line, LexToken keyword) throws ScenarioException {
        DriverSpec driver = ParseDriver.parse(line, plugins);
        once(line, keyword, "driver " + driver.name(), "duplicate guest driver '" + driver.name() + "'");
        drivers.add(driver);
    }

    private void vcpu(ParseLine line, LexToken keyword) throws ScenarioException {
        VcpuProgram program = ParseProgram.parse(line, ids);
        once(line, line.tokens().get(1), "vcpu " + program.vcpu(), "duplicate program for vcpu " + program.vcpu());
        programs.add(program);
    }

    private void handler(ParseLine line, LexToken keyword) throws ScenarioException {
        HandlerSpec handler = ParseHandler.parse(line, ids);
        once(line, keyword, "handler " + handler.vector() + " " + handler.vcpu(), "duplicate handler for "
                + describe(handler.vector())
                + (handler.vcpu() == HandlerSpec.ALL_VCPUS ? "" : " on vcpu " + handler.vcpu()));
        handlers.add(handler);
    }

    private void run(ParseLine line, LexToken keyword) throws ScenarioException {
        once(line, keyword, "run", "duplicate run statement");
        run = ParseRun.parse(line);
    }

    /** The scenario, once every line is added. */
    Scenario finish() throws ScenarioException {
        if (machine == null) {
            throw new ScenarioException(new Location(file, 1, 1), "missing machine statement", null);
        }
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
