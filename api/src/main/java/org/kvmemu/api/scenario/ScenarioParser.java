package org.kvmemu.api.scenario;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.kvmemu.api.spi.API;

/** Parses the scenario language (spec/scenario-language.md) — being written. */
@API(status = API.Status.EXPERIMENTAL, since = "1")
public final class ScenarioParser {

    private final PluginCatalog catalog;

    /** A parser that validates backend and driver names against {@code catalog}. */
    public ScenarioParser(PluginCatalog catalog) {
        this.catalog = catalog;
    }

    /** Parses the file at {@code path}; the file name in messages is {@code path} as given. */
    public Scenario parse(Path path) throws IOException, ScenarioException {
        return parse(path.toString(), Files.readString(path, StandardCharsets.UTF_8));
    }

    /** Parses {@code text}, naming it {@code fileName} in messages. */
    public Scenario parse(String fileName, String text) throws ScenarioException {
        throw new ScenarioException(new Location(fileName, 1, 1), "parser not written yet " + catalog, null);
    }
}
