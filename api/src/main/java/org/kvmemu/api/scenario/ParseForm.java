package org.kvmemu.api.scenario;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One form being parsed — a statement, an instruction, an event or an expectation — as its head
 * token and the tokens after it, split into bare words and {@code key=value} arguments (which may
 * come in any order).
 */
final class ParseForm {

    private final ParseLine line;
    private final LexToken head;
    private final String name;
    private final List<LexToken> words = new ArrayList<>();
    private final List<LexToken> pairs = new ArrayList<>();

    /**
     * @param name   how messages call the form, e.g. {@code msi} or {@code expect delivered}
     * @param head   the token that names the form; a missing key is reported here
     * @param tokens the tokens after {@code head}
     */
    ParseForm(ParseLine line, String name, LexToken head, List<LexToken> tokens) {
        this.line = line;
        this.name = name;
        this.head = head;
        for (LexToken token : tokens) {
            (token.isKeyValue() ? pairs : words).add(token);
        }
    }

    /** The line the form is on. */
    ParseLine line() {
        return line;
    }

    /** The token that names the form. */
    LexToken head() {
        return head;
    }

    /** How messages call the form. */
    String name() {
        return name;
    }

    /** The bare words (and quoted texts), in file order. */
    List<LexToken> words() {
        return List.copyOf(words);
    }

    /** The one bare word, {@code what} the form needs (e.g. {@code duration}). */
    LexToken word(String what) throws ScenarioException {
        return optionalWord().orElseThrow(() -> line.errorAtEnd("missing " + what + " for " + name));
    }

    /** The bare word, if the form has one; more than one is an error. */
    Optional<LexToken> optionalWord() throws ScenarioException {
        List<LexToken> all = words();
        if (all.size() > 1) {
            throw unexpected(all.get(1));
        }
        return all.stream().findFirst();
    }

    /** Rejects any bare word: the form takes only {@code key=value} arguments. */
    void noWords() throws ScenarioException {
        if (!words.isEmpty()) {
            throw line.error(words.get(0), "unexpected '" + words.get(0).text() + "' in " + name
                    + " (expected key=value)");
        }
    }

    /** Rejects any token at all: the form takes no arguments. */
    void noArguments() throws ScenarioException {
        List<LexToken> all = new ArrayList<>(words);
        all.addAll(pairs);
        Optional<LexToken> first = all.stream().min(Comparator.comparingInt(LexToken::column));
        if (first.isPresent()) {
            throw line.error(first.get(), "unexpected '" + first.get().text() + "' (" + name + " takes no arguments)");
        }
    }

    /** The {@code key=value} arguments, each key one of {@code keys}. */
    ParseArgs args(String... keys) throws ScenarioException {
        return new ParseArgs(this, pairs, List.of(keys), false);
    }

    /** The {@code key=value} arguments, each key one of {@code keys}, when the form takes no bare word. */
    ParseArgs onlyArgs(String... keys) throws ScenarioException {
        noWords();
        return args(keys);
    }

    /** The {@code key=value} arguments, whatever their keys. */
    ParseArgs anyArgs() throws ScenarioException {
        return new ParseArgs(this, pairs, List.of(), true);
    }

    /** An error for a token the form does not take. */
    ScenarioException unexpected(LexToken token) {
        return line.error(token, "unexpected '" + token.text() + "' in " + name);
    }
}
