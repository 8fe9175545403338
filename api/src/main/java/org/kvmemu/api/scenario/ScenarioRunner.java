package org.kvmemu.api.scenario;

import org.kvmemu.api.spi.API;

/** Runs a parsed scenario on the installed plugins (being written). */
@API(status = API.Status.EXPERIMENTAL, since = "1")
public final class ScenarioRunner {

    private final InstalledPlugins plugins;

    /** A runner that picks backends and drivers from {@code plugins}. */
    public ScenarioRunner(InstalledPlugins plugins) {
        this.plugins = plugins;
    }

    /**
     * Runs {@code scenario}: builds the machine, fires events until the run's end, checks the
     * expectations.
     *
     * @throws org.kvmemu.api.spi.PluginException when a plugin fails; the message names it and the
     *         simulated time
     */
    public RunResult run(Scenario scenario, RunOptions options) {
        throw new UnsupportedOperationException("not yet: " + plugins + scenario + options);
    }
}
