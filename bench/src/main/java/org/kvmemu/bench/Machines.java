package org.kvmemu.bench;

import java.util.Map;
import org.kvmemu.api.scenario.InstalledPlugins;
import org.kvmemu.api.scenario.RunOptions;
import org.kvmemu.api.scenario.Scenario;
import org.kvmemu.api.scenario.ScenarioException;
import org.kvmemu.api.scenario.ScenarioParser;
import org.kvmemu.api.scenario.ScenarioRunner;
import org.kvmemu.api.scenario.Session;
import org.kvmemu.tdx.TdxBackendProvider;
import org.kvmemu.vmx.VmxBackendProvider;

/** Builds benchmark machines through the public API, as a user of the library would. */
final class Machines {

    /** The plugins a benchmark machine may use: the VMX and TDX backends, no guest drivers. */
    static final InstalledPlugins PLUGINS = new InstalledPlugins(
            Map.of("vmx", new VmxBackendProvider(), "tdx", new TdxBackendProvider()), Map.of());

    private Machines() {
    }

    /**
     * A session of the scenario {@code text}, trace off, whose observation logs keep no ordered
     * entries (counts only), so that a long run neither grows memory nor allocates.
     */
    static Session session(String text) {
        return session(parse(text));
    }

    /** The scenario {@code text}, parsed and validated. */
    static Scenario parse(String text) {
        try {
            return new ScenarioParser(PLUGINS).parse("bench.scenario", text);
        } catch (ScenarioException e) {
            throw new IllegalStateException("bench scenario refused: " + e.getMessage() + "\n" + text, e);
        }
    }

    /** A session of {@code scenario}, trace off, observation logs keeping counts only. */
    static Session session(Scenario scenario) {
        try {
            Session s = new ScenarioRunner(PLUGINS).session(scenario, RunOptions.quiet());
            for (int i = 0; i < s.kvm().vcpuCount(); i++) {
                s.log(i).limitEntries(0);
            }
            return s;
        } catch (ScenarioException e) {
            throw new IllegalStateException("bench scenario refused: " + e.getMessage(), e);
        }
    }

    /** A VMX machine of {@code vcpus} idle vCPUs ({@code sti ; hlt}), started and settled halted. */
    static Session idleVmx(int vcpus, boolean apicv) {
        return idle("backend=vmx vcpus=" + vcpus + " apicv=" + (apicv ? "on" : "off"));
    }

    /** A TD of one idle vCPU ({@code sti ; hlt}, TDVMCALL&lt;HLT&gt;), started and settled halted. */
    static Session idleTd() {
        return idle("backend=tdx vm=td vcpus=1");
    }

    /**
     * A machine {@code machine} (the machine statement's keys) of idle vCPUs, started and settled
     * halted. Halt polling is off ({@code halt-poll=0}): an op ends with the vCPU blocked, as the
     * checks require, and measures delivery, not the poll window.
     */
    private static Session idle(String machine) {
        Session s = session("machine " + machine + " halt-poll=0\nrun until=1000s\n");
        s.runFor(1_000_000); // 1 ms: every vCPU has entered, run sti ; hlt and blocked
        return s;
    }

    /** Fails unless {@code what} held, with {@code why}: checks done outside the measured loop. */
    static void check(boolean what, String why) {
        if (!what) {
            throw new IllegalStateException(why);
        }
    }
}
