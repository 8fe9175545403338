package org.kvmemu.api.scenario;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** {@code guest driver=NAME [key=value ...]}: the driver must be installed and take every key. */
final class ParseDriver {

    private static final String DRIVER = "driver";

    private ParseDriver() {
    }

    /** The driver statement on {@code line}. */
    static DriverSpec parse(ParseLine line, ParsePlugins plugins) throws ScenarioException {
        ParseForm form = new ParseForm(line, "guest", line.first(), line.tokens().subList(1, line.tokens().size()));
        form.noWords();
        ParseArgs args = form.anyArgs();
        LexToken name = args.required(DRIVER);
        Set<String> keys = plugins.driverKeys(line, name);
        Map<String, String> config = new LinkedHashMap<>();
        for (String key : args.keys()) {
            if (key.equals(DRIVER)) {
                continue;
            }
            if (!keys.contains(key)) {
                throw line.error(args.pair(key), "unknown key '" + key + "' for driver " + name.text() + " (expected: "
                        + (keys.isEmpty() ? "none" : String.join(", ", new TreeSet<>(keys))) + ")");
            }
            config.put(key, args.required(key).text());
        }
        return new DriverSpec(name.text(), Collections.unmodifiableMap(config), line.location());
    }
}
