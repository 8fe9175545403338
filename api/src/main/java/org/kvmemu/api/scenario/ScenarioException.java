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
    private final Cause cause;

    /** What kind of error it is, for the commands that treat some kinds apart. */
    private enum Cause {
        /** The scenario is wrong. */
        INVALID,
        /** The scenario names a backend that is not installed. */
        BACKEND_MISSING,
        /** The backend cannot run the scenario's machine or one of its statements. */
        BACKEND_REFUSES
    }

    /**
     * @param location where the error is
     * @param reason   the message without location, e.g. {@code unknown key 'vectr'}
     * @param line     the text of the offending line, shown under the message
     */
    public ScenarioException(Location location, String reason, String line) {
        this(location, reason, line, Cause.INVALID);
    }

    private ScenarioException(Location location, String reason, String line, Cause cause) {
        super(render(location, reason, line));
        this.location = location;
        this.reason = reason;
        this.cause = cause;
    }

    /** The error of a scenario whose {@code machine backend=} names a backend that is not installed. */
    static ScenarioException backendNotInstalled(Location location, String reason, String line) {
        return new ScenarioException(location, reason, line, Cause.BACKEND_MISSING);
    }

    /** The error of a scenario the backend refuses: its VM type, its machine, or a statement. */
    static ScenarioException backendRefuses(Location location, String reason, String line) {
        return new ScenarioException(location, reason, line, Cause.BACKEND_REFUSES);
    }

    /**
     * Whether the scenario is fine as far as it was read but names a backend that is not installed
     * ({@code kvmemu check} skips such a file).
     */
    public boolean backendMissing() {
        return cause == Cause.BACKEND_MISSING;
    }

    /**
     * Whether the scenario is one its backend refuses to run (a VM type it does not run, a
     * {@code BackendProvider.refuse} refusal), rather than a wrong one ({@code kvmemu conform}
     * reports such a scenario as refused).
     */
    public boolean backendRefuses() {
        return cause == Cause.BACKEND_REFUSES;
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
