package org.kvmemu.api.scenario;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kvmemu.api.sim.Simulator;

/** Reads the values of the scenario language from tokens: numbers, vectors, durations, names. */
final class ParseValues {

    private static final Pattern DECIMAL = Pattern.compile("[0-9]+");
    private static final Pattern HEX = Pattern.compile("0x[0-9a-fA-F]+");
    private static final Pattern DURATION = Pattern.compile("([0-9]+)(ns|us|ms|s)");

    private ParseValues() {
    }

    /** Whether {@code text} is written as a number: decimal or {@code 0x} hex. */
    static boolean isNumber(String text) {
        return DECIMAL.matcher(text).matches() || HEX.matcher(text).matches();
    }

    /** A non-negative number, decimal ({@code 48}) or hex ({@code 0x30}). */
    static long number(ParseLine line, LexToken token) throws ScenarioException {
        String text = token.text();
        if (token.quoted() || !isNumber(text)) {
            throw line.error(token, "bad number '" + text + "' (use decimal or 0x hex)");
        }
        boolean hex = text.startsWith("0x");
        String digits = hex ? text.substring(2) : text;
        try {
            return Long.parseLong(digits, hex ? 16 : 10);
        } catch (NumberFormatException tooLarge) {
            throw line.error(token, "number '" + text + "' is too large");
        }
    }

    /** A 64-bit pattern written as an unsigned number, decimal or hex: 0 to 18446744073709551615 (a seed). */
    static long unsigned64(ParseLine line, LexToken token) throws ScenarioException {
        String text = token.text();
        if (token.quoted() || !isNumber(text)) {
            throw line.error(token, "bad number '" + text + "' (use decimal or 0x hex)");
        }
        boolean hex = text.startsWith("0x");
        try {
            return Long.parseUnsignedLong(hex ? text.substring(2) : text, hex ? 16 : 10);
        } catch (NumberFormatException tooLarge) {
            throw line.error(token, "number '" + text + "' is too large (at most 18446744073709551615)");
        }
    }

    /** A number in {@code min..max}; {@code what} names it in the message, e.g. {@code vector 300 out of range 0..255}. */
    static long inRange(ParseLine line, LexToken token, String what, long min, long max) throws ScenarioException {
        long value = number(line, token);
        if (value < min || value > max) {
            throw line.error(token, what + " " + token.text() + " out of range " + min + ".." + max);
        }
        return value;
    }

    /** A vector, 0..255. */
    static int vector(ParseLine line, LexToken token) throws ScenarioException {
        return (int) inRange(line, token, "vector", 0, 255);
    }

    /** Whether {@code text} is written as a duration: {@code 10us}, {@code 2ms}, or a bare {@code 0}. */
    static boolean isDuration(String text) {
        return text.equals("0") || DURATION.matcher(text).matches();
    }

    /** The message for a duration written as {@code written} that is not one. */
    static String badDuration(String written) {
        return "bad duration '" + written + "' (use ns, us, ms or s)";
    }

    /**
     * A duration or absolute time in nanoseconds: {@code 10us}, {@code 2ms}, or a bare {@code 0}; at
     * most {@link Simulator#END_OF_TIME_NS}, the end of the virtual clock's range.
     */
    static long duration(ParseLine line, LexToken token) throws ScenarioException {
        String text = token.text();
        Matcher m = DURATION.matcher(text);
        if (token.quoted() || !(text.equals("0") || m.matches())) {
            throw line.error(token, badDuration(text));
        }
        if (text.equals("0")) {
            return 0;
        }
        long scale = switch (m.group(2)) {
            case "ns" -> 1L;
            case "us" -> 1_000L;
            case "ms" -> 1_000_000L;
            default -> 1_000_000_000L;
        };
        long ns;
        try {
            ns = Math.multiplyExact(Long.parseLong(m.group(1)), scale);
        } catch (ArithmeticException | NumberFormatException tooLarge) {
            ns = Long.MAX_VALUE;
        }
        if (ns > Simulator.END_OF_TIME_NS) {
            throw line.error(token, "duration '" + text + "' is out of range (the virtual clock ends at "
                    + Simulator.END_OF_TIME_NS / 1_000_000_000L + "s)");
        }
        return ns;
    }

    /**
     * One of {@code options}; otherwise an error such as {@code bad mode 'x' (expected: a, b)},
     * where {@code problem} is {@code bad mode}.
     */
    static String oneOf(ParseLine line, LexToken token, String problem, List<String> options)
            throws ScenarioException {
        if (token.quoted() || !options.contains(token.text())) {
            throw line.error(token, problem + " '" + token.text() + "' (expected: " + String.join(", ", options) + ")");
        }
        return token.text();
    }

    /** {@code yes} or {@code no}, the value of {@code key}. */
    static boolean yesNo(ParseLine line, LexToken token, String key) throws ScenarioException {
        return oneOf(line, token, "bad " + key, ParseNames.YES_NO).equals("yes");
    }
}
