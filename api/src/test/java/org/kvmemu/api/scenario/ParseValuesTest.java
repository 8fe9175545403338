package org.kvmemu.api.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParseValuesTest {

    private static ParseLine line(String text) throws ScenarioException {
        return new ParseLine("t.scenario", 1, text, LexLine.tokens("t.scenario", 1, text));
    }

    private static long number(String text) throws ScenarioException {
        ParseLine line = line(text);
        return ParseValues.number(line, line.first());
    }

    private static long duration(String text) throws ScenarioException {
        ParseLine line = line(text);
        return ParseValues.duration(line, line.first());
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "48, 48", "0x30, 48", "0xEC, 236", "007, 7", "9223372036854775807, 9223372036854775807",
            "0x7fffffffffffffff, 9223372036854775807"})
    void numbersAreDecimalOrHex(String written, long value) throws ScenarioException {
        assertEquals(value, number(written));
    }

    @ParameterizedTest
    @CsvSource({"-1", "0X30", "12a", "0x", "1_000", "+5"})
    void otherNumbersAreRejected(String written) {
        ScenarioException e = assertThrows(ScenarioException.class, () -> number(written));
        assertEquals("bad number '" + written + "' (use decimal or 0x hex)", e.reason());
    }

    @ParameterizedTest
    @CsvSource({"9223372036854775808", "0x8000000000000000"})
    void numbersBeyondALongAreTooLarge(String written) {
        ScenarioException e = assertThrows(ScenarioException.class, () -> number(written));
        assertEquals("number '" + written + "' is too large", e.reason());
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "0ns, 0", "7ns, 7", "10us, 10000", "2ms, 2000000", "3s, 3000000000"})
    void durationsTakeEveryUnitAndABareZero(String written, long ns) throws ScenarioException {
        assertEquals(ns, duration(written));
    }

    @ParameterizedTest
    @CsvSource({"10", "10US", "1.5ms", "0x10us", "ms", "10m", "-1ms"})
    void otherDurationsAreRejected(String written) {
        ScenarioException e = assertThrows(ScenarioException.class, () -> duration(written));
        assertEquals("bad duration '" + written + "' (use ns, us, ms or s)", e.reason());
    }

    /** The virtual clock runs from 0 to 10^18 ns; nothing written may leave it. */
    @ParameterizedTest
    @CsvSource({"9223372037s", "99999999999999999999ns", "9223372036854775807ns", "1000000001s",
        "1000000000000000001ns"})
    void durationsBeyondTheVirtualClockAreOutOfRange(String written) {
        ScenarioException e = assertThrows(ScenarioException.class, () -> duration(written));
        assertEquals("duration '" + written + "' is out of range (the virtual clock ends at 1000000000s)", e.reason());
    }

    @Test
    void theLastInstantOfTheVirtualClockCanBeWritten() throws ScenarioException {
        assertEquals(1_000_000_000_000_000_000L, duration("1000000000s"));
        assertEquals(1_000_000_000_000_000_000L, duration("1000000000000000000ns"));
    }

    @ParameterizedTest
    @CsvSource({"255, 255", "0xff, 255", "0, 0"})
    void vectorsAreZeroTo255(String written, int vector) throws ScenarioException {
        ParseLine line = line(written);
        assertEquals(vector, ParseValues.vector(line, line.first()));
    }

    @ParameterizedTest
    @CsvSource({"256", "0x100"})
    void largerVectorsAreOutOfRange(String written) throws ScenarioException {
        ParseLine line = line(written);
        ScenarioException e = assertThrows(ScenarioException.class, () -> ParseValues.vector(line, line.first()));
        assertEquals("vector " + written + " out of range 0..255", e.reason());
    }

    @ParameterizedTest
    @CsvSource({"\"0\"", "\"10us\""})
    void quotedTextIsNeverANumberOrDuration(String written) throws ScenarioException {
        ParseLine line = line(written);
        assertThrows(ScenarioException.class, () -> ParseValues.number(line, line.first()));
        assertThrows(ScenarioException.class, () -> ParseValues.duration(line, line.first()));
        assertThrows(ScenarioException.class,
                () -> ParseValues.oneOf(line, line.first(), "bad x", List.of("0", "10us")));
    }
}
