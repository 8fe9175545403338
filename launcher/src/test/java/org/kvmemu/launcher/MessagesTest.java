package org.kvmemu.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

class MessagesTest {

    @Test
    void oneLineJoinsNewCauseMessagesAndFoldsLineBreaks() {
        Exception e = new IllegalStateException("outer\n  detail",
                new IOException("outer", new IOException("root cause")));

        assertEquals("outer detail: root cause", Messages.oneLine(e));
    }

    @Test
    void describeNamesTheExceptionClass() {
        assertEquals("IllegalStateException: boom", Messages.describe(new IllegalStateException("boom")));
        assertEquals("NullPointerException", Messages.describe(new NullPointerException()));
    }

    @Test
    void reasonInAFewWords() {
        assertEquals("no such file", Messages.reason(new NoSuchFileException("x")));
        assertEquals("permission denied", Messages.reason(new AccessDeniedException("x")));
        assertEquals("Is a directory", Messages.reason(new IOException("Is a directory")));
    }
}
