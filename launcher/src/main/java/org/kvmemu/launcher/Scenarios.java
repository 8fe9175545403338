package org.kvmemu.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import org.kvmemu.api.scenario.MachineOverride;
import org.kvmemu.api.scenario.Scenario;
import org.kvmemu.api.scenario.ScenarioException;
import org.kvmemu.api.scenario.ScenarioParser;

/** Reading scenario files for the commands. */
final class Scenarios {

    private Scenarios() {
    }

    /**
     * Parses the scenario at {@code file} with {@code parser}.
     *
     * @throws InputException when the file cannot be read
     * @throws ScenarioException when the scenario is wrong; its message is the full report
     */
    static Scenario read(ScenarioParser parser, Path file) throws ScenarioException {
        return read(parser, file, null);
    }

    private static Scenario read(ScenarioParser parser, Path file, MachineOverride override) throws ScenarioException {
        if (Files.isDirectory(file)) {
            throw new InputException("cannot read " + file + ": it is a folder");
        }
        try {
            return parser.parse(file, override);
        } catch (IOException e) {
            throw new InputException("cannot read " + file + ": " + Messages.reason(e), e);
        }
    }

    /**
     * Parses {@code written}: the file of that name, or, when there is none, the bundled example
     * of that name ({@code vmx/self-ipi}).
     *
     * @throws InputException when neither exists or the file cannot be read
     * @throws ScenarioException when the scenario is wrong; its message is the full report
     */
    static Scenario read(ScenarioParser parser, String written) throws ScenarioException {
        return read(parser, written, null);
    }

    /** {@link #read(ScenarioParser, String)} with {@code override} (null: as written). */
    static Scenario read(ScenarioParser parser, String written, MachineOverride override) throws ScenarioException {
        Path file = path(written);
        if (!Files.exists(file)) {
            Optional<String> bundled = BundledScenarios.EXAMPLES.text(written);
            if (bundled.isPresent()) {
                return parser.parse(BundledScenarios.EXAMPLES.shown(written), bundled.get(), override);
            }
            throw new InputException("cannot read " + written + ": no such file, and no bundled example of that"
                    + " name (see kvmemu examples)");
        }
        return read(parser, file, override);
    }

    private static Path path(String written) {
        try {
            return Path.of(written);
        } catch (InvalidPathException e) {
            throw new InputException("bad scenario file '" + written + "': " + e.getReason(), e);
        }
    }

    /** The scenario's title: its first {@code #} comment line, or {@code fallback} when it has none. */
    static String title(String text, String fallback) {
        return text.lines()
                .map(String::strip)
                .filter(line -> line.startsWith("#"))
                .map(line -> line.replaceFirst("^#+", "").strip())
                .filter(line -> !line.isEmpty())
                .findFirst()
                .orElse(fallback);
    }
}
