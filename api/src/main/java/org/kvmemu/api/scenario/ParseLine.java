package org.kvmemu.api.scenario;

import java.util.List;

/**
 * One non-blank line of a scenario with its tokens; makes the errors and locations that point into
 * it.
 *
 * @param file   the file name used in messages
 * @param number 1-based line number
 * @param text   the line as written, shown under an error message
 * @param tokens its tokens, at least one
 */
record ParseLine(String file, int number, String text, List<LexToken> tokens) {

    /** The statement's first token (its keyword). */
    LexToken first() {
        return tokens.get(0);
    }

    /** The column just past the last token: where something missing at the end of the line would go. */
    int endColumn() {
        return tokens.get(tokens.size() - 1).end();
    }

    /** The location of {@code token}. */
    Location at(LexToken token) {
        return new Location(file, number, token.column());
    }

    /** The location of the statement: its first token. */
    Location location() {
        return at(first());
    }

    /** Rejects a quoted text: only {@code expect trace contains} takes one. */
    void rejectQuotedText() throws ScenarioException {
        for (LexToken token : tokens) {
            if (token.quoted()) {
                throw error(token, "quoted text is only for expect trace contains");
            }
        }
    }

    /** An error pointing at {@code token}. */
    ScenarioException error(LexToken token, String reason) {
        return errorAt(token.column(), reason);
    }

    /** The error of a backend name, at {@code token}, that is not installed. */
    ScenarioException backendNotInstalled(LexToken token, String reason) {
        return ScenarioException.backendNotInstalled(new Location(file, number, token.column()), reason, text);
    }

    /** The error of something the backend refuses, at {@code token}. */
    ScenarioException backendRefuses(LexToken token, String reason) {
        return ScenarioException.backendRefuses(new Location(file, number, token.column()), reason, text);
    }

    /** An error pointing at the end of the line, for something missing there. */
    ScenarioException errorAtEnd(String reason) {
        return errorAt(endColumn(), reason);
    }

    private ScenarioException errorAt(int column, String reason) {
        return new ScenarioException(new Location(file, number, column), reason, text);
    }
}
