package org.kvmemu.api.scenario;

import org.kvmemu.api.annotation.API;

/**
 * A scenario that cannot run. {@link #getMessage()} is the full report the user sees:
 * {@code FILE:LINE:COLUMN: message}, then the offending line, then a caret under the column.
 */
@API(status = API.Status.INTERNAL, since = "1")
public final class ScenarioException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Location location;
    private final String reason;

    /**
     * @param location where the error is
     * @param reason   the message without location, e.g. {@code unknown key 'vectr'}
     * @param line     the text of the offending line, shown under the message
     */
    public ScenarioException(Location location, String reason, String line) {
        super(render(location, reason, line));
        this.location = location;
        this.reason = reason;
    }

    /** Where the error is. */
    public Location location() {
        return location;
    }

    /** The message without location, line or caret. */
    public String reason() {
        return reason;
    }

    private static String render(Location at, String reason, String line) {
        if (line == null) {
            return at + ": " + reason;
        }
        String expanded = line.replace('\t', ' ');
        return at + ": " + reason + "\n" + expanded + "\n"
                + " ".repeat(Math.max(0, at.column() - 1)) + "^";
    }
}
