package org.kvmemu.api.scenario;

import org.kvmemu.api.annotation.API;

/** A place in a scenario file: 1-based line and column, for messages like {@code FILE:LINE:COLUMN: ...}. */
@API(status = API.Status.INTERNAL, since = "1")
public record Location(String file, int line, int column) {

    /** {@code FILE:LINE}. */
    public String fileLine() {
        return file + ":" + line;
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
