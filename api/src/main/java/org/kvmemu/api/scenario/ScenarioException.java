package org.kvmemu.api.scenario;

import org.kvmemu.api.annotation.API;

/**
 * A scenario that cannot run. {@link #getMessage()} is the full report the user sees:
 * {@code FILE:LINE:COLUMN: message}, then the offending line, then a caret under the column; every
 * error has all three.
 */
@API(status = API.Status.INTERNAL, since = "1")
public final class ScenarioException extends Exception {

    private static final long serialVersionUID = 1L;

    /** How much of a long line the message shows, around the column. */
    private static final int SHOWN_CHARS = 120;

    private final transient Location location;
    private final String reason;
    private final String line;
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
     * @param line     the text of the offending line, shown under the message (a long one around
     *                 the column, control characters as {@code ?})
     */
    public ScenarioException(Location location, String reason, String line) {
        this(location, reason, line, Cause.INVALID);
    }

    private ScenarioException(Location location, String reason, String line, Cause cause) {
        super(render(location, reason, line));
        this.location = location;
        this.reason = reason;
        this.line = line;
        this.cause = cause;
    }

    /** The same error, at the same place and of the same kind, its reason led by {@code prefix}. */
    public ScenarioException withReasonPrefix(String prefix) {
        return new ScenarioException(location, prefix + reason, line, cause);
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
        int column = Math.max(1, at.column());
        int from = Math.max(0, Math.min(column - 1 - SHOWN_CHARS / 2, line.length() - SHOWN_CHARS));
        int to = Math.min(line.length(), from + SHOWN_CHARS);
        String head = from > 0 ? "..." : "";
        String shown = head + printable(line.substring(from, to)) + (to < line.length() ? "..." : "");
        return at + ": " + reason + "\n" + shown + "\n" + " ".repeat(head.length() + column - 1 - from) + "^";
    }

    /** {@code text} with a tab as a space and other control characters as {@code ?}, one column each. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(c == '\t' ? ' ' : Character.isISOControl(c) ? '?' : c);
        }
        return out.toString();
    }
}
