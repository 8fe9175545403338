package org.kvmemu.launcher;

/**
 * Writing the output failed after the run started (a full disk, a closed pipe): the message is one
 * line for the user; the exit code is {@link ExitCode#INTERNAL_FAILURE}.
 */
final class OutputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    OutputException(String message, Throwable cause) {
        super(message, cause);
    }
}
