package org.kvmemu.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin template of docs/plugins.md ({@code examples/plugin}), compiled from its sources
 * against the api alone, installed from a plugins folder, passes its own scenario.
 */
class PluginTemplateTest {

    private static final Path TEMPLATE = Path.of("..", "examples", "plugin");

    @TempDir
    Path work;

    private Path buildTemplate() throws IOException {
        Path sources = TEMPLATE.resolve("src/main/java");
        PluginJar jar = PluginJar.module("org.example.kvmemu.template");
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String relative = sources.relativize(file).toString().replace(java.io.File.separatorChar, '.');
                jar.source(relative.substring(0, relative.length() - ".java".length()),
                        Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        Path built = jar.build(Files.createDirectory(work.resolve("build")));
        Path plugins = Files.createDirectory(work.resolve("plugins"));
        Files.copy(built, plugins.resolve(built.getFileName()));
        return plugins;
    }

    @Test
    void theTemplateBuildsAgainstTheApiAloneAndPassesItsScenario() throws IOException {
        Path plugins = buildTemplate();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exit = new Launcher(Optional.empty()).execute(new PrintWriter(out), new PrintWriter(err),
                "--plugins", plugins.toString(), "check", "-v", TEMPLATE.resolve("template.scenario").toString());

        assertEquals(0, exit, out + "\n" + err);
        assertEquals("", err.toString());
        assertEquals(List.of("PASS " + TEMPLATE.resolve("template.scenario"), "1 passed, 0 failed, 0 skipped"),
                out.toString().lines().toList());
    }

    @Test
    void withoutThePluginItsScenarioIsSkipped() {
        StringWriter out = new StringWriter();

        int exit = new Launcher(Optional.empty()).execute(new PrintWriter(out), new PrintWriter(new StringWriter()),
                "check", TEMPLATE.resolve("template.scenario").toString());

        assertEquals(0, exit);
        assertTrue(out.toString().endsWith("0 passed, 0 failed, 1 skipped\n"), out.toString());
    }
}
