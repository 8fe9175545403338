package org.kvmemu.api.scenario;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code key=value} arguments of one form, checked for unknown, duplicate and empty keys. */
final class ParseArgs {

    private final ParseForm form;
    private final ParseLine line;
    private final Map<String, LexToken> pairs = new LinkedHashMap<>();

    /**
     * @param known  the keys the form takes, in the order messages list them
     * @param anyKey whether any key is accepted (the form checks the keys itself)
     */
    ParseArgs(ParseForm form, List<LexToken> tokens, List<String> known, boolean anyKey) throws ScenarioException {
        this.form = form;
        this.line = form.line();
        for (LexToken pair : tokens) {
            String key = pair.key();
            if (!anyKey && !known.contains(key)) {
                throw line.error(pair, "unknown key '" + key + "' for " + form.name() + (known.isEmpty()
                        ? " (it takes no key=value arguments)"
                        : " (expected: " + String.join(", ", known) + ")"));
            }
            if (pairs.containsKey(key)) {
                throw line.error(pair, "duplicate key '" + key + "'");
            }
            if (pair.value().text().isEmpty()) {
                throw line.error(pair, "missing value for '" + key + "'");
            }
            pairs.put(key, pair);
        }
    }

    /** Whether {@code key} was given. */
    boolean has(String key) {
        return pairs.containsKey(key);
    }

    /** The value of {@code key}, if given. */
    Optional<LexToken> optional(String key) {
        return Optional.ofNullable(pairs.get(key)).map(LexToken::value);
    }

    /** The value of {@code key}, which the form needs. */
    LexToken required(String key) throws ScenarioException {
        LexToken pair = pairs.get(key);
        if (pair == null) {
            throw line.error(form.head(), "missing key '" + key + "' for " + form.name());
        }
        return pair.value();
    }

    /** The whole {@code key=value} token of {@code key}, which was given. */
    LexToken pair(String key) {
        return pairs.get(key);
    }

    /** The keys given, in file order. */
    List<String> keys() {
        return List.copyOf(pairs.keySet());
    }

    /** Every argument as text, in file order. */
    Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        pairs.forEach((key, pair) -> map.put(key, pair.value().text()));
        return Collections.unmodifiableMap(map);
    }

    /** The vector {@code key}, which the form needs. */
    int vector(String key) throws ScenarioException {
        return ParseValues.vector(line, required(key));
    }

    /** The duration {@code key}, or {@code absent} when it is not given. */
    long duration(String key, long absent) throws ScenarioException {
        return has(key) ? ParseValues.duration(line, required(key)) : absent;
    }

    /** The number {@code key}, or {@code absent} when it is not given. */
    long number(String key, long absent) throws ScenarioException {
        return has(key) ? ParseValues.number(line, required(key)) : absent;
    }

    /** The {@code yes}/{@code no} value of {@code key}, or {@code absent} when it is not given. */
    boolean yesNo(String key, boolean absent) throws ScenarioException {
        return has(key) ? ParseValues.yesNo(line, required(key), key) : absent;
    }
}
