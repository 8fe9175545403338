package org.kvmemu.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What one {@code kvmemu} invocation through {@link Launcher#execute} printed and returned.
 *
 * @param exit the exit code
 * @param out  standard output
 * @param err  standard error
 */
record LauncherRun(int exit, String out, String err) {

    /** Runs {@code kvmemu args...} without a default plugins folder. */
    static LauncherRun of(String... args) {
        return with(Optional.empty(), args);
    }

    /** Runs {@code kvmemu args...} with {@code plugins} as the default plugins folder. */
    static LauncherRun with(Optional<Path> plugins, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new Launcher(plugins).execute(new PrintWriter(out), new PrintWriter(err), args);
        return new LauncherRun(exit, out.toString(), err.toString());
    }

    /**
     * Like {@link #of}, keeping of standard output only a digest of all of it and its last
     * {@code tail} characters, so that long traces cost no memory.
     */
    static LauncherRun digested(int tail, String... args) {
        Digest out = new Digest(tail);
        StringWriter err = new StringWriter();
        int exit = new Launcher(Optional.empty()).execute(new PrintWriter(out), new PrintWriter(err), args);
        return new LauncherRun(exit, out.toString(), err.toString());
    }

    /** Standard output's lines. */
    List<String> outLines() {
        return out.lines().toList();
    }

    /** Standard error's lines. */
    List<String> errLines() {
        return err.lines().toList();
    }

    void assertExit(int expected) {
        assertEquals(expected, exit, () -> "exit code; out:\n" + out + "err:\n" + err);
    }

    /** Exit code {@code expected}, nothing on standard output, exactly {@code line} on the error stream. */
    void assertError(int expected, String line) {
        assertExit(expected);
        assertEquals("", out, "standard output");
        assertEquals(List.of(line), errLines());
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

