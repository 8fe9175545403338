package org.kvmemu.launcher;

import org.kvmemu.api.scenario.InstalledPlugins;
import org.kvmemu.api.scenario.RunOptions;
import org.kvmemu.api.scenario.Scenario;
import org.kvmemu.api.scenario.ScenarioException;
import org.kvmemu.api.scenario.ScenarioParser;
import org.kvmemu.api.scenario.ScenarioRunner;
import org.kvmemu.api.spi.PluginException;

/**
 * Runs one scenario without a trace and turns whatever happens into a {@link Verdict}, so that
 * {@code check} and {@code demo} go on with the next scenario; a scenario whose backend is not
 * installed is skipped.
 */
final class QuietRun {

    /** How to get the scenario: from a file or from a bundled text. */
    @FunctionalInterface
    interface Source {
        /** Parses the scenario with {@code parser}. */
        Scenario parse(ScenarioParser parser) throws ScenarioException;
    }

    private QuietRun() {
    }

    /** Parses and runs the scenario; errors are reported in the verdict, stack traces on request. */
    static Verdict run(Context context, InstalledPlugins plugins, Source source) {
        try {
            Scenario scenario = source.parse(new ScenarioParser(plugins));
            return Verdict.of(new ScenarioRunner(plugins).run(scenario, RunOptions.quiet()));
        } catch (ScenarioException e) {
            String first = e.getMessage().lines().findFirst().orElse("");
            if (e.backendMissing()) {
                return Verdict.skip(first);
            }
            return e.backendRefuses() ? Verdict.refusedBy(first) : Verdict.error(ExitCode.USAGE_ERROR, first);
        } catch (InputException e) {
            context.stackTrace(e);
            return Verdict.error(ExitCode.USAGE_ERROR, e.getMessage());
        } catch (PluginException e) {
            context.stackTrace(e);
            return Verdict.error(ExitCode.INTERNAL_FAILURE, e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            context.stackTrace(e);
            return Verdict.error(ExitCode.INTERNAL_FAILURE, "internal error: " + Messages.describe(e));
        }
    }
}
