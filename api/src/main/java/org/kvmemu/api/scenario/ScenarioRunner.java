package org.kvmemu.api.scenario;

import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.kvmemu.api.annotation.API;
import org.kvmemu.api.guest.program.GuestInterpreter;
import org.kvmemu.api.kvm.KvmVcpu;
import org.kvmemu.api.sim.Simulator;
import org.kvmemu.api.spi.BackendProvider;
import org.kvmemu.api.spi.Plugin;
import org.kvmemu.api.spi.PluginException;
import org.kvmemu.api.trace.TraceRecord;
import org.kvmemu.api.trace.TraceSink;
import org.kvmemu.api.trace.output.PerfettoTraceWriter;
import org.kvmemu.api.trace.output.TraceCollector;
import org.kvmemu.api.trace.output.TraceFormat;
import org.kvmemu.api.trace.output.TraceWriter;

/**
 * Runs a parsed scenario on the installed plugins: builds the machine, fires events until the
 * run's end, checks the expectations. Deterministic: the same scenario and seed give the same trace.
 */
@API(status = API.Status.INTERNAL, since = "1")
public final class ScenarioRunner {

    private final InstalledPlugins plugins;

    /** A runner that picks backends and drivers from {@code plugins}. */
    public ScenarioRunner(InstalledPlugins plugins) {
        this.plugins = plugins;
    }

    /**
     * Runs {@code scenario}.
     *
     * @throws ScenarioException when the scenario cannot run on the chosen backend (nothing is
     *         refused by the VMX backend; the scenario language leaves room for backends that must)
     * @throws PluginException   when a plugin fails; the message names it and the simulated time
     * @throws UncheckedIOException when writing the trace fails
     */
    public RunResult run(Scenario scenario, RunOptions options) throws ScenarioException {
        TraceCollector collector = new TraceCollector(scenario.expectations().stream()
                .filter(e -> e instanceof Expectation.TraceContains).map(e -> ((Expectation.TraceContains) e).text())
                .toList());
        HeldWriter traceOut = options.traceOut() == null ? null : new HeldWriter(options.traceOut());
        BackendProvider backend = backend(scenario);
        Machine machine = build(scenario, options, backend, traceOut, collector);
        if (traceOut != null) {
            traceOut.release();
        }
        for (Expectation e : scenario.expectations()) {
            if (e instanceof Expectation.Order order) {
                machine.guests.get(order.vcpu()).log().follow(order.followed());
            }
        }
        RunSpec run = scenario.run();
        Simulator.End end = guarded(backend, machine.sim, () -> machine.sim.run(run.untilNs(), run.maxEvents()));
        if (end != Simulator.End.STOPPED) {
            machine.checkAtEnd();
        }
        machine.finishTrace();
        ExpectationChecker checker = new ExpectationChecker(new Outcome(machine, collector));
        List<String> failures = checker.failures(scenario.expectations());
        long deliveries = machine.guests.stream().mapToLong(g -> g.log().deliveries()).sum();
        List<List<String>> logs = machine.guests.stream().map(g -> List.copyOf(g.log().entries())).toList();
        Outcome outcome = new Outcome(machine, collector);
        List<VcpuReport> vcpus = new ArrayList<>();
        for (int i = 0; i < machine.guests.size(); i++) {
            vcpus.add(outcome.report(i));
        }
        return new RunResult(failures, summary(scenario, machine, end, failures.size()), machine.sim.now(),
                machine.sim.firedEvents(), deliveries, logs, List.copyOf(vcpus), outcome.vmState(),
                List.copyOf(machine.violations.details()));
    }

    /**
     * Builds {@code scenario}'s machine without running it, for callers that step it themselves.
     *
     * @throws ScenarioException when the scenario cannot run on the chosen backend
     */
    public Session session(Scenario scenario, RunOptions options) throws ScenarioException {
        return new Session(build(scenario, options, backend(scenario), options.traceOut(), null));
    }

    private BackendProvider backend(Scenario scenario) {
        return plugins.backend(scenario.machine().backend()).orElseThrow(
                () -> new PluginException("backend '" + scenario.machine().backend() + "' is not installed"));
    }

    /** The machine, with the user's trace sink on {@code traceOut} (if any) and {@code collector} (if any). */
    private Machine build(Scenario scenario, RunOptions options, BackendProvider backend, Writer traceOut,
                          TraceSink collector) {
        long seed = options.seed().orElse(scenario.machine().seed());
        return guarded(backend, null, () -> new Machine(scenario, seed, backend, Machine.drivers(scenario, plugins),
                sinks(options, traceOut, collector)));
    }

    private static List<TraceSink> sinks(RunOptions options, Writer traceOut, TraceSink collector) {
        List<TraceSink> sinks = new ArrayList<>();
        if (traceOut != null) {
            sinks.add(options.format() == TraceFormat.PERFETTO
                    ? new PerfettoTraceWriter(traceOut, options.filter())
                    : new TraceWriter(traceOut, options.filter(), options.format()));
        }
        if (collector != null) {
            sinks.add(collector);
        }
        sinks.addAll(options.watchers());
        return sinks;
    }

    private <T> T guarded(BackendProvider backend, Simulator sim, java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (PluginException | UncheckedIOException e) {
            throw e;
        } catch (RuntimeException e) {
            throw blame(backend, sim, e);
        }
    }

    /** Names the plugin whose code threw {@code e}, and the simulated time. */
    private RuntimeException blame(BackendProvider backend, Simulator sim, RuntimeException e) {
        Set<String> modules = new HashSet<>();
        List<Plugin> all = new ArrayList<>();
        all.add(backend);
        plugins.driverNames().forEach(n -> plugins.driver(n).ifPresent(all::add));
        for (Plugin p : all) {
            modules.add(p.getClass().getModule().getName());
        }
        String at = sim == null ? "while starting" : "at " + TraceRecord.seconds(sim.now()) + " s";
        for (StackTraceElement frame : e.getStackTrace()) {
            String module = frame.getModuleName();
            if (module != null && modules.contains(module)) {
                String name = all.stream().filter(p -> module.equals(p.getClass().getModule().getName()))
                        .map(Plugin::name).findFirst().orElse(module);
                return new PluginException("plugin '" + name + "' (module " + module + ") failed " + at + ": " + e,
                        e);
            }
        }
        return new IllegalStateException("model failure " + at + ": " + e, e);
    }

    private static List<String> summary(Scenario s, Machine m, Simulator.End end, int failed) {
        List<String> out = new ArrayList<>();
        String why = switch (end) {
            case TIME -> "time limit";
            case MAX_EVENTS -> "event limit";
            case STOPPED -> "userspace stopped the VM: " + m.vmm.stopReason();
        };
        out.add("run ended at " + TraceRecord.seconds(m.sim.now()) + " s (" + why + ") after " + m.sim.firedEvents()
                + " events; backend " + s.machine().backend() + ", vm=" + s.machine().vm().scenarioName()
                + ", apicv=" + (s.machine().apicv() ? "on" : "off"));
        for (int i = 0; i < m.guests.size(); i++) {
            GuestInterpreter g = m.guests.get(i);
            KvmVcpu v = m.kvm.vcpu(i);
            out.add("vcpu" + i + ": delivered " + g.log().deliveries() + ", log [" + String.join(" ", g.log().entries(16))
                    + (g.log().length() > 16 ? " ..." : "") + "], exits "
                    + v.stat().exits + ", irq_injections " + v.stat().irqInjections + ", nmi_injections "
                    + v.stat().nmiInjections + ", mp_state " + v.arch.mpState.scenarioName());
        }
        if (m.violations.total() > 0) {
            out.add("violations: " + m.violations.describe());
        }
        out.add("expectations: " + s.expectations().size() + " checked, " + failed + " failed");
        return out;
    }
}
