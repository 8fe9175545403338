package org.kvmemu.api.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The repository is its own reference: no file points outside it at the shared specification, and
 * every {@code §} label cited anywhere (sources, tests, examples, documents) is a heading of a file
 * in {@code docs/} ({@code docs/behaviour.md} for letters, {@code docs/trace-format.md} for numbers).
 */
class RepositoryStandsAloneTest {

    private static final Path ROOT = Path.of("..");
    /** Written in two parts so that this file does not cite it itself. */
    private static final String OUTSIDE = "../" + "shared";
    private static final Pattern CITATION = Pattern.compile("§([A-Z](?:\\.[0-9]+)*|[0-9]+(?:\\.[0-9]+)*)");
    private static final Pattern HEADING = Pattern.compile("^#+ §(\\S+) ");

    /** Every text file of the project: not build output, not version control, not hidden folders. */
    private static List<Path> projectFiles() throws IOException {
        try (Stream<Path> walk = Files.walk(ROOT)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> {
                        Path relative = ROOT.relativize(p);
                        for (Path part : relative) {
                            String name = part.toString();
                            if (name.equals("target") || (name.startsWith(".") && !name.equals(".ci"))) {
                                return false;
                            }
                        }
                        return true;
                    })
                    .sorted().toList();
        }
    }

    private static String text(Path file) throws IOException {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (CharacterCodingException e) {
            return "";
        }
    }

    @Test
    void noFileRefersToTheSharedSpecification() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (Path file : projectFiles()) {
            if (text(file).contains(OUTSIDE)) {
                offenders.add(ROOT.relativize(file).toString());
            }
        }
        assertEquals(List.of(), offenders, "files that point outside the repository");
    }

    @Test
    void everyCitedLabelIsAHeadingInDocs() throws IOException {
        Map<String, String> headings = new TreeMap<>();
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            for (Path doc : docs.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                for (String line : Files.readAllLines(doc, StandardCharsets.UTF_8)) {
                    Matcher m = HEADING.matcher(line);
                    if (m.find()) {
                        String previous = headings.put(m.group(1), doc.getFileName().toString());
                        assertEquals(null, previous, "§" + m.group(1) + " is a heading twice");
                    }
                }
            }
        }
        Map<String, TreeSet<String>> unresolved = new TreeMap<>();
        for (Path file : projectFiles()) {
            Matcher m = CITATION.matcher(text(file));
            while (m.find()) {
                if (!headings.containsKey(m.group(1))) {
                    unresolved.computeIfAbsent("§" + m.group(1), k -> new TreeSet<>())
                            .add(ROOT.relativize(file).toString());
                }
            }
        }
        assertEquals(Map.of(), unresolved, "labels cited without a heading in docs/");
        assertTrue(headings.keySet().containsAll(List.of("A.1", "D.15", "H", "1", "3.6")), headings.toString());
    }
}
