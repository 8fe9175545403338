package org.kvmemu.bench;

import java.util.Map;
import org.kvmemu.api.scenario.InstalledPlugins;
import org.kvmemu.api.scenario.RunOptions;
import org.kvmemu.api.scenario.Scenario;
import org.kvmemu.api.scenario.ScenarioException;
import org.kvmemu.api.scenario.ScenarioParser;
import org.kvmemu.api.scenario.ScenarioRunner;
import org.kvmemu.api.scenario.Session;
import org.kvmemu.vmx.VmxBackendProvider;

/** Builds benchmark machines through the public API, as a user of the library would. */
final class Machines {

    /** The plugins a benchmark machine may use: the VMX backend, no guest drivers. */
    static final InstalledPlugins PLUGINS = new InstalledPlugins(Map.of("vmx", new VmxBackendProvider()), Map.of());

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
        Session s = session("machine backend=vmx vcpus=" + vcpus + " apicv=" + (apicv ? "on" : "off")
                + "\nrun until=1000s\n");
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
