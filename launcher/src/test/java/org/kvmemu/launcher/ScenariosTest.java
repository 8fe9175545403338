package org.kvmemu.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ScenariosTest {

    @Test
    void titleIsTheFirstNonEmptyComment() {
        assertEquals("Fixed IRQ, APICv off", Scenarios.title("#\n##   Fixed IRQ, APICv off  \n# more\nmachine backend=vmx\n",
                "x.scenario"));
        assertEquals("Late title", Scenarios.title("machine backend=vmx\n  # Late title\n", "x.scenario"));
    }

    @Test
    void titleFallsBackWithoutComments() {
        assertEquals("x.scenario", Scenarios.title("machine backend=vmx\nrun until=1ms\n", "x.scenario"));
    }

    /** Every example of the repository (but the plugin template's) is bundled, by its folder and name. */
    @Test
    void everyExampleIsBundled() throws IOException {
        Path examples = Path.of("..", "examples");
        List<String> files;
        try (Stream<Path> walk = Files.walk(examples)) {
            files = walk.filter(p -> p.toString().endsWith(".scenario"))
                    .map(p -> examples.relativize(p).toString().replace('\\', '/'))
                    .filter(n -> !n.startsWith("plugin/"))
                    .map(n -> n.substring(0, n.length() - ".scenario".length())).sorted().toList();
        }
        assertEquals(files, BundledScenarios.EXAMPLES.names());
    }
}
