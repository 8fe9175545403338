package org.kvmemu.launcher;

import java.util.Optional;

/**
 * A plugin kvmemu found and refused, and why: one line that names it (its module and location, or
 * its file). Everything else still loads; {@code kvmemu list} shows the refusals.
 *
 * @param reason what was refused and why, e.g. {@code plugin old was built for SPI 99, this is 2 (module
 *               org.acme.old at /x/old.jar)}
 * @param cause  the exception behind it, shown with {@code --stacktrace}
 */
record PluginRefusal(String reason, Optional<Throwable> cause) {

    /** A refusal without an exception behind it. */
    PluginRefusal(String reason) {
        this(reason, Optional.empty());
    }

    /** A refusal because of {@code cause}, whose stack trace {@code --stacktrace} shows. */
    PluginRefusal(String reason, Throwable cause) {
        this(reason, Optional.of(cause));
    }

    /** The line {@code list} and the warnings show. */
    String line() {
        return "refused: " + reason;
    }
}
