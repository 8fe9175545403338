package org.kvmemu.api.scenario;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one line into tokens: words separated by spaces or tabs, {@code ;} as a token of its own,
 * double-quoted texts with {@code \"} and {@code \\} escapes, and a {@code #} comment (outside a
 * quoted text) to the end of the line.
 */
final class LexLine {

    private final String file;
    private final int number;
    private final String text;
    private final List<LexToken> tokens = new ArrayList<>();
    private int at;

    private LexLine(String file, int number, String text) {
        this.file = file;
        this.number = number;
        this.text = text;
    }

    /** The tokens of {@code text}, line {@code number} of {@code file}; empty for a blank or comment line. */
    static List<LexToken> tokens(String file, int number, String text) throws ScenarioException {
        LexLine lexer = new LexLine(file, number, text);
        lexer.scan();
        return List.copyOf(lexer.tokens);
    }

    private void scan() throws ScenarioException {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (isBlank(c)) {
                at++;
            } else if (c == '#') {
                return;
            } else if (c == ';') {
                tokens.add(LexToken.word(";", at + 1));
                at++;
            } else if (c == '"') {
                quoted();
            } else {
                word();
            }
        }
    }

    private void word() {
        int start = at;
        while (at < text.length() && !endsWord(text.charAt(at))) {
            at++;
        }
        tokens.add(LexToken.word(text.substring(start, at), start + 1));
    }

    private void quoted() throws ScenarioException {
        int start = at++;
        StringBuilder content = new StringBuilder();
        while (true) {
            if (at >= text.length()) {
                throw error(start, "unterminated quoted text (missing closing \")");
            }
            char c = text.charAt(at++);
            if (c == '"') {
                break;
            }
            if (c == '\\') {
                if (at >= text.length() || (text.charAt(at) != '"' && text.charAt(at) != '\\')) {
                    throw error(at - 1, "bad escape in quoted text (use \\\" or \\\\)");
                }
                c = text.charAt(at++);
            }
            content.append(c);
        }
        if (at < text.length() && !endsWord(text.charAt(at))) {
            throw error(at, "expected a space after the closing quote");
        }
        tokens.add(new LexToken(content.toString(), start + 1, at + 1, true));
    }

    private ScenarioException error(int index, String reason) {
        return new ScenarioException(new Location(file, number, index + 1), reason, text);
    }

    private static boolean endsWord(char c) {
        return isBlank(c) || c == '#' || c == ';';
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }
}
