package org.kvmemu.api.scenario;

/**
 * One token of a scenario line: a bare word, a {@code key=value} argument, a {@code ;} or a
 * double-quoted text.
 *
 * @param text   the token as written, or a quoted text's content with its escapes resolved
 * @param column 1-based column of the token's first character (a tab counts as one column)
 * @param end    the column just past the token's last character
 * @param quoted whether the token was a double-quoted text
 */
record LexToken(String text, int column, int end, boolean quoted) {

    /** A bare word starting at {@code column}. */
    static LexToken word(String text, int column) {
        return new LexToken(text, column, column + text.length(), false);
    }

    /** Whether this is the bare word {@code word}. */
    boolean is(String word) {
        return !quoted && text.equals(word);
    }

    /** Whether this is a {@code key=value} argument (a bare word with a non-empty key). */
    boolean isKeyValue() {
        return !quoted && text.indexOf('=') > 0;
    }

    /** The key of a {@code key=value} argument. */
    String key() {
        return text.substring(0, text.indexOf('='));
    }

    /** The value of a {@code key=value} argument, as a token at the value's own column. */
    LexToken value() {
        int at = text.indexOf('=') + 1;
        return word(text.substring(at), column + at);
    }

    /** The part of this bare word from character {@code from} on, at its own column. */
    LexToken from(int from) {
        return word(text.substring(from), column + from);
    }

    /** The part of this bare word before character {@code to}. */
    LexToken before(int to) {
        return word(text.substring(0, to), column);
    }
}
