package org.kvmemu.api.scenario;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import org.kvmemu.api.annotation.API;

/**
 * Parses the scenario language (docs/scenario-language.md) into a validated {@link Scenario}. The
 * first error stops the parse as a {@link ScenarioException} that points at the offending token.
 * A parser is immutable and may parse any number of files.
 */
@API(status = API.Status.INTERNAL, since = "1")
public final class ScenarioParser {

    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private final PluginCatalog catalog;

    /** A parser that validates backend and driver names against {@code catalog}. */
    public ScenarioParser(PluginCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * Parses the file at {@code path}, which must be UTF-8 and at most 1 MiB; the file name in
     * messages is {@code path} as given.
     */
    public Scenario parse(Path path) throws IOException, ScenarioException {
        return parse(path, null);
    }

    /** {@link #parse(Path)} with {@code override} (null: as written), as {@link #parse(String, String, MachineOverride)}. */
    public Scenario parse(Path path, MachineOverride override) throws IOException, ScenarioException {
        return parse(path.toString(), ScenarioFile.read(path, path.toString()), override);
    }

    /** Parses {@code text}, naming it {@code fileName} in messages. */
    public Scenario parse(String fileName, String text) throws ScenarioException {
        return parse(fileName, text, null);
    }

    /**
     * Parses {@code text} as if its {@code machine} statement named {@code override}'s backend and VM
     * type (null: as written); statements that VM type does not allow are errors at their location.
     * An override can also skip the {@code expect} lines ({@link MachineOverride#expectations()}).
     */
    public Scenario parse(String fileName, String text, MachineOverride override) throws ScenarioException {
        String body = !text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK ? text.substring(1) : text;
        ParseSession session = new ParseSession(fileName, catalog, override);
        Iterator<String> lines = body.lines().iterator();
        for (int number = 1; lines.hasNext(); number++) {
            String line = lines.next();
            List<LexToken> tokens = LexLine.tokens(fileName, number, line);
            if (!tokens.isEmpty()) {
                session.statement(new ParseLine(fileName, number, line, tokens));
            }
        }
        return session.finish(body.lines().findFirst().orElse(""));
    }
}
