package org.kvmemu.launcher;

/**
 * The user gave kvmemu something it cannot use: a command line, a file or a plugins folder. The
 * message is one line for the user; the exit code is {@link ExitCode#USAGE_ERROR}.
 */
final class InputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    InputException(String message) {
        super(message);
    }

    InputException(String message, Throwable cause) {
        super(message, cause);
    }
}
