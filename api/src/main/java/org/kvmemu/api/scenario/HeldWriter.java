package org.kvmemu.api.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Holds what is written while the machine is being built, and passes it on only once the build
 * succeeded, so that a plugin failing at start-up leaves no half-written trace behind.
 */
final class HeldWriter extends Writer {

    private final Writer out;
    private StringBuilder held = new StringBuilder();

    HeldWriter(Writer out) {
        this.out = out;
    }

    /** From now on, writes go straight through; what was held is written first. */
    void release() {
        try {
            out.write(held.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        held = null;
    }

    @Override
    public void write(char[] buf, int off, int len) throws IOException {
        if (held != null) {
            held.append(buf, off, len);
        } else {
            out.write(buf, off, len);
        }
    }

    @Override
    public void flush() throws IOException {
        if (held == null) {
            out.flush();
        }
    }

    @Override
    public void close() throws IOException {
        flush();
    }
}
