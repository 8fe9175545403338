package org.kvmemu.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        if (Files.isDirectory(file)) {
            throw new InputException("cannot read " + file + ": it is a folder");
        }
        try {
            return parser.parse(file);
        } catch (IOException e) {
            throw new InputException("cannot read " + file + ": " + Messages.reason(e), e);
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
