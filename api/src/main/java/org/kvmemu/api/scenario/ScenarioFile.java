package org.kvmemu.api.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a scenario file as the parser takes it: UTF-8 and at most {@link #MAX_BYTES} bytes. A byte
 * that is not UTF-8, or the first byte past the limit, is an error at its line and column.
 */
final class ScenarioFile {

    /** The largest scenario file read: 1 MiB. */
    static final int MAX_BYTES = 1 << 20;

    private ScenarioFile() {
    }

    /**
     * The text of the file at {@code path}, named {@code fileName} in messages.
     *
     * @throws IOException       when the file cannot be read
     * @throws ScenarioException when it is larger than {@link #MAX_BYTES} or not UTF-8
     */
    static String read(Path path, String fileName) throws IOException, ScenarioException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(path)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        }
        boolean tooLarge = bytes.length > MAX_BYTES;
        ByteBuffer input = ByteBuffer.wrap(bytes, 0, Math.min(bytes.length, MAX_BYTES));
        CharBuffer text = CharBuffer.allocate(input.remaining());
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CoderResult result = utf8.decode(input, text, !tooLarge);
        if (result.isError()) {
            throw at(fileName, text, bytes, input.position(), "not valid UTF-8");
        }
        if (tooLarge) {
            throw at(fileName, text, bytes, MAX_BYTES, "file larger than 1 MiB (a scenario is at most "
                    + MAX_BYTES + " bytes)");
        }
        return text.flip().toString();
    }

    /**
     * An error at the character after {@code decoded} (the text before byte {@code offset}); the line
     * shown is that line with its undecodable bytes as U+FFFD.
     */
    private static ScenarioException at(String fileName, CharBuffer decoded, byte[] bytes, int offset,
                                        String reason) {
        String before = decoded.flip().toString();
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < before.length(); i++) {
            char c = before.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= before.length() || before.charAt(i + 1) != '\n'))) {
                line++;
                lineStart = i + 1;
            }
        }
        boolean bom = line == 1 && before.startsWith("\uFEFF");
        int column = before.length() - lineStart + (bom ? 0 : 1);
        String rest = new String(bytes, offset, Math.min(bytes.length - offset, MAX_BYTES - offset + 1),
                StandardCharsets.UTF_8);
        String shown = (before.substring(lineStart + (bom ? 1 : 0)) + rest).lines().findFirst().orElse("");
        return new ScenarioException(new Location(fileName, line, column), reason, shown);
    }
}
