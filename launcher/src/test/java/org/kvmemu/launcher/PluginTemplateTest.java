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

    /**
     * Bad plugins next to the template are refused, one line each, and the template still passes
     * its scenario: a backend provider whose module does not resolve (a missing {@code requires}),
     * one named like the built-in vmx whose create() would fail, and one whose create() overflows
     * the stack.
     */
    @Test
    void badPluginsBesideTheTemplateAreRefusedAloneAndItStillPasses() throws IOException {
        Path plugins = buildTemplate();
        Path build = Files.createDirectory(work.resolve("others"));
        Path absent = TestPlugins.library("t.dep", "t.dep", "exports t.dep;\n")
                .build(Files.createDirectory(work.resolve("elsewhere")));
        for (PluginJar jar : List.of(
                TestPlugins.backendRequiring("t.unres", "unres", "t.dep").compiledWith(absent),
                TestPlugins.backendCreating("t.myvmx", "vmx", "throw new IllegalStateException(\"create ran\");"),
                TestPlugins.backendCreating("t.deep", "deep", "return create();"))) {
            Path built = jar.build(build);
            Files.copy(built, plugins.resolve(built.getFileName()));
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exit = new Launcher(Optional.empty()).execute(new PrintWriter(out), new PrintWriter(err),
                "--plugins", plugins.toString(), "check", "-v", TEMPLATE.resolve("template.scenario").toString());

        assertEquals(0, exit, out + "\n" + err);
        assertEquals(List.of("PASS " + TEMPLATE.resolve("template.scenario"), "1 passed, 0 failed, 0 skipped"),
                out.toString().lines().toList(), err.toString());
        List<String> refused = err.toString().lines().toList();
        assertEquals(3, refused.size(), err.toString());
        assertEquals("kvmemu: refused: module t.unres at " + plugins.resolve("t.unres.jar")
                + ": Module t.dep not found, required by t.unres", refused.get(1));
        assertTrue(refused.get(2).matches("kvmemu: refused: plugin t\\.deep\\.Backend \\(module t\\.deep at .*\\)"
                + " failed to start: stack overflow \\(StackOverflowError: a call that recurses without end\\)"),
                refused.get(2));
        assertTrue(refused.get(0).matches("kvmemu: refused: two backend plugins are named 'vmx': module org\\.kvmemu"
                + "\\.vmx at .* and module t\\.myvmx at .*; the second is refused"), refused.get(0));

        StringWriter listed = new StringWriter();
        int listExit = new Launcher(Optional.empty()).execute(new PrintWriter(listed), new PrintWriter(new StringWriter()),
                "--plugins", plugins.toString(), "list");

        assertEquals(0, listExit, listed.toString());
        List<String> lines = listed.toString().lines().toList();
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("template (kind: backend")), listed.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("vmx (kind: backend") && l.contains("org.kvmemu.vmx")),
                listed.toString());
        assertEquals(refused.stream().map(l -> l.substring("kvmemu: ".length())).toList(),
                lines.stream().filter(l -> l.startsWith("refused: ")).toList());
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
