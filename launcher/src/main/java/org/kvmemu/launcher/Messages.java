package org.kvmemu.launcher;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Optional;

/** Turns exceptions into the one-line texts kvmemu shows users. */
final class Messages {

    private Messages() {
    }

    /** The message of {@code e} and of its causes, on one line, e.g. for "invalid plugin in DIR: …". */
    static String oneLine(Throwable e) {
        StringBuilder text = new StringBuilder(e.getMessage() != null ? e.getMessage() : describe(e));
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            String message = cause.getMessage();
            if (message != null && text.indexOf(message) < 0) {
                text.append(": ").append(message);
            }
        }
        return text.toString().replaceAll("\\s*\\R\\s*", " ");
    }

    /** {@code SimpleClassName: message}, e.g. {@code IllegalStateException: boom}. */
    static String describe(Throwable e) {
        String name = e.getClass().getSimpleName();
        return e.getMessage() == null ? name : name + ": " + e.getMessage().replaceAll("\\s*\\R\\s*", " ");
    }

    /**
     * The first file-system {@link IOException} (a file that cannot be opened: no such file,
     * permission denied) among {@code e}'s causes, or {@code e} itself, if any.
     */
    static Optional<IOException> ioCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof FileSystemException io) {
                return Optional.of(io);
            }
        }
        return Optional.empty();
    }

    /** Why a file could not be read or written, in a few words. */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() != null && e.getClass() == IOException.class ? e.getMessage() : describe(e);
    }

    /**
     * The module whose code overflowed the stack: that of the innermost frame outside the JDK and
     * kvmemu's api and launcher modules (a plugin's, usually), if any.
     */
    static Optional<String> overflowingModule(StackOverflowError e) {
        for (StackTraceElement frame : e.getStackTrace()) {
            String module = frame.getModuleName();
            if (module != null && !module.startsWith("java.") && !module.startsWith("jdk.")
                    && !module.equals("org.kvmemu.api") && !module.equals("org.kvmemu.launcher")) {
                return Optional.of(module);
            }
        }
        return Optional.empty();
    }
}
