package org.kvmemu.api.scenario;

/** The TD guest forms' values: 64-bit numbers, u32 fields and buffer numbers (docs/event-notify.md §N.7). */
final class ParseTdValues {

    private static final long U32_MAX = 0xFFFFFFFFL;

    private ParseTdValues() {
    }

    /** A buffer number, 0..255. */
    static int buffer(ParseLine line, LexToken token) throws ScenarioException {
        long k = number64(line, token);
        if (Long.compareUnsigned(k, 255) > 0) {
            throw line.error(token, "buffer " + token.text() + " out of range (0..255)");
        }
        return (int) k;
    }

    /** A u32 field's value, 0..0xFFFFFFFF; {@code key} names it in the message. */
    static long u32(ParseLine line, LexToken token, String key) throws ScenarioException {
        if (!ParseValues.isNumber(token.text()) || Long.compareUnsigned(number64(line, token), U32_MAX) > 0) {
            throw line.error(token, "bad " + key + " '" + token.text() + "' (expected a u32: 0..0xFFFFFFFF)");
        }
        return number64(line, token);
    }

    /** A number up to 64 bits (unsigned), decimal or 0x hex. */
    static long number64(ParseLine line, LexToken token) throws ScenarioException {
        String text = token.text();
        if (token.quoted() || !ParseValues.isNumber(text)) {
            throw line.error(token, "bad number '" + text + "' (use decimal or 0x hex)");
        }
        try {
            return text.startsWith("0x") ? Long.parseUnsignedLong(text.substring(2), 16)
                    : Long.parseUnsignedLong(text);
        } catch (NumberFormatException tooLarge) {
            throw line.error(token, "number '" + text + "' is too large");
        }
    }
}
