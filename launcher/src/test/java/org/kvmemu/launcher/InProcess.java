package org.kvmemu.launcher;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.util.Optional;

/** Runs kvmemu in this JVM, as {@code kvmemu ARGS...} would, with no default plugins folder. */
final class InProcess {

    private InProcess() {
    }

    /** What one invocation printed and returned. */
    record Result(int exit, String out, String err) {
    }

    static Result kvmemu(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new Launcher(Optional.empty()).execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(exit, out.toString(), err.toString());
    }

    /**
     * Like {@link #kvmemu}, keeping of standard output only a digest of all of it and its last
     * {@code tail} characters, so that long traces cost no memory.
     */
    static Result digested(int tail, String... args) {
        Digest out = new Digest(tail);
        StringWriter err = new StringWriter();
        int exit = new Launcher(Optional.empty()).execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(exit, out.toString(), err.toString());
    }

    /** A writer that keeps a 64-bit digest of everything and the last characters; its text is both. */
    private static final class Digest extends Writer {
        private final int tail;
        private final StringBuilder last = new StringBuilder();
        private long hash = 1125899906842597L;
        private long length;

        Digest(int tail) {
            this.tail = tail;
        }

        @Override
        public void write(char[] buf, int off, int len) {
            for (int i = off; i < off + len; i++) {
                hash = 31 * hash + buf[i];
            }
            length += len;
            last.append(buf, off, len);
            if (last.length() > 2 * tail) {
                last.delete(0, last.length() - tail);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        @Override
        public String toString() {
            String kept = last.length() > tail ? last.substring(last.length() - tail) : last.toString();
            return length > kept.length() ? "[" + length + " chars, digest " + Long.toHexString(hash) + "]\n" + kept : kept;
        }
    }
}
