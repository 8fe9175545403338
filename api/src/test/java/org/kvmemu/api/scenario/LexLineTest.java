package org.kvmemu.api.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LexLineTest {

    private static List<LexToken> lex(String line) throws ScenarioException {
        return LexLine.tokens("t.scenario", 7, line);
    }

    private static List<String> texts(String line) throws ScenarioException {
        return lex(line).stream().map(LexToken::text).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\t\t", "# a comment", "   # indented comment ; \"x\""})
    void blankAndCommentLinesHaveNoTokens(String line) throws ScenarioException {
        assertTrue(lex(line).isEmpty());
    }

    @Test
    void spacesAndTabsSeparateTokensAndColumnsCountATabAsOne() throws ScenarioException {
        List<LexToken> tokens = lex("at\t10us  msi dest=1");
        assertEquals(List.of("at", "10us", "msi", "dest=1"), tokens.stream().map(LexToken::text).toList());
        assertEquals(List.of(1, 4, 10, 14), tokens.stream().map(LexToken::column).toList());
        assertEquals(20, tokens.get(3).end());
    }

    @Test
    void commentEndsTheLineEvenInsideAWord() throws ScenarioException {
        assertEquals(List.of("mark", "a"), texts("mark a#b c"));
    }

    @Test
    void semicolonIsATokenOfItsOwn() throws ScenarioException {
        List<LexToken> tokens = lex("sti;hlt ; spin 1us;");
        assertEquals(List.of("sti", ";", "hlt", ";", "spin", "1us", ";"), tokens.stream().map(LexToken::text).toList());
        assertEquals(4, tokens.get(1).column());
    }

    @Test
    void quotedTextKeepsSpacesHashesAndSemicolonsAndResolvesEscapes() throws ScenarioException {
        List<LexToken> tokens = lex("expect trace contains \"a b # c; \\\"q\\\" \\\\\" # comment");
        assertEquals(4, tokens.size());
        LexToken text = tokens.get(3);
        assertTrue(text.quoted());
        assertEquals("a b # c; \"q\" \\", text.text());
        assertEquals(23, text.column());
    }

    @Test
    void quotedTextIsNeitherAWordNorAKeyValue() throws ScenarioException {
        LexToken text = lex("\"a=b\"").get(0);
        assertFalse(text.isKeyValue());
        assertFalse(text.is("a=b"));
    }

    @Test
    void keyValueSplitsAtTheFirstEqualsWithTheValueAtItsOwnColumn() throws ScenarioException {
        LexToken pair = lex("  after=a=b").get(0);
        assertTrue(pair.isKeyValue());
        assertEquals("after", pair.key());
        assertEquals("a=b", pair.value().text());
        assertEquals(9, pair.value().column());
        assertFalse(lex("=5").get(0).isKeyValue());
    }

    @Test
    void unterminatedQuotePointsAtTheOpeningQuote() {
        ScenarioException e = assertThrows(ScenarioException.class, () -> lex("expect trace contains \"abc"));
        assertEquals("t.scenario:7:23: unterminated quoted text (missing closing \")\n"
                + "expect trace contains \"abc\n"
                + "                      ^", e.getMessage());
    }

    @Test
    void unknownEscapePointsAtTheBackslash() {
        ScenarioException e = assertThrows(ScenarioException.class, () -> lex("x \"a\\nb\""));
        assertEquals("bad escape in quoted text (use \\\" or \\\\)", e.reason());
        assertEquals(5, e.location().column());
    }

    @Test
    void textRightAfterAClosingQuoteIsAnError() {
        ScenarioException e = assertThrows(ScenarioException.class, () -> lex("x \"ab\"cd"));
        assertEquals("expected a space after the closing quote", e.reason());
        assertEquals(7, e.location().column());
    }
}
