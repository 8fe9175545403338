package org.kvmemu.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertLinesMatch;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The command line as users meet it, through {@link Launcher#execute}: help, version, usage errors,
 * listing, and plugin problems as one line and an exit code. Everything here works without the
 * scenario parser and runner; {@link LauncherEndToEndTest} covers run, check and demo for real.
 */
class LauncherTest {

    @TempDir
    static Path jars;

    static Path toy;
    static Path ghost;
    static Path dupA;
    static Path dupB;
    static Path oldSpi;
    static Path throwingConstructor;

    @TempDir
    Path work;

    Path plugins;

    @BeforeAll
    static void buildJars() {
        toy = TestPlugins.backend("org.acme.toy", "toy").build(jars);
        ghost = TestPlugins.guestDriver("org.acme.ghost", "ghost").build(jars);
        dupA = TestPlugins.backend("org.acme.dupa", "dup").build(jars);
        dupB = TestPlugins.backend("org.acme.dupb", "dup").build(jars);
        oldSpi = TestPlugins.backend("org.acme.old", "return \"old\";", "return 99;", "").build(jars);
        throwingConstructor = TestPlugins.backend("org.acme.boom", "return \"boom\";",
                "return SpiVersion.CURRENT;", "throw new IllegalStateException(\"boom\");").build(jars);
    }

    @BeforeEach
    void createPluginsFolder() throws IOException {
        plugins = Files.createDirectory(work.resolve("plugins"));
    }

    @Test
    void exitCodesAreTheDocumentedOnes() {
        assertEquals(List.of(0, 1, 2, 3), List.of(ExitCode.OK, ExitCode.EXPECTATION_FAILED, ExitCode.USAGE_ERROR,
                ExitCode.INTERNAL_FAILURE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--version", "-V"})
    void versionNamesTheModuleVersionAndTheSpi(String option) {
        LauncherRun result = LauncherRun.of(option);

        result.assertExit(ExitCode.OK);
        assertLinesMatch(List.of("kvmemu \\S+ \\(plugin SPI 2, Java \\S+\\)"), result.outLines());
        assertEquals("", result.err());
    }

    @Test
    void helpListsCommandsGlobalOptionsAndExitCodes() {
        LauncherRun result = LauncherRun.of("--help");

        result.assertExit(ExitCode.OK);
        assertLinesMatch(List.of(
                "Usage: kvmemu [GLOBAL OPTIONS] COMMAND [OPTIONS] [ARGUMENTS]",
                ">> intro >>",
                "Commands:",
                "  list .*", "  run .*", "  check .*", "  compare .*", "  demo .*", "  examples .*", "  events .*",
                "  conform .*",
                "  help .*",
                "",
                "Global options \\(--plugins and --stacktrace may also come after the command\\):",
                "  -h, --help .*", "  -V, --version .*", "      --plugins DIR .*", "      --stacktrace .*",
                "",
                "Exit codes: 0 ok, 1 an expectation failed, 2 usage or input error, 3 plugin or internal failure."),
                result.outLines());
        assertEquals(result.out(), LauncherRun.of("-h").out());
        assertEquals(result.out(), LauncherRun.of("help").out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"list", "run", "check", "compare", "demo", "examples", "events"})
    void everyCommandHasItsHelpThreeWays(String command) {
        LauncherRun result = LauncherRun.of("help", command);

        result.assertExit(ExitCode.OK);
        assertTrue(result.out().startsWith("Usage: kvmemu [GLOBAL OPTIONS] " + command + " "), result.out());
        assertTrue(result.out().contains("  -h, --help "), result.out());
        assertEquals(result.out(), LauncherRun.of(command, "--help").out());
        assertEquals(result.out(), LauncherRun.of("--help", command).out());
    }

    @Test
    void runHelpShowsItsOptions() {
        String help = LauncherRun.of("run", "--help").out();

        for (String option : List.of("--backend NAME", "--seed N", "--trace GLOBS", "--trace-format text|json",
                "--output FILE", "--stats")) {
            assertTrue(help.contains(option), option + " in\n" + help);
        }
    }

    @Test
    void noCommandPrintsTheHelpAsAnError() {
        LauncherRun result = LauncherRun.of();

        result.assertExit(ExitCode.USAGE_ERROR);
        assertEquals("", result.out());
        assertEquals(LauncherRun.of("--help").out(), result.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"frob", "help frob"})
    void unknownCommandListsTheSupportedOnes(String args) {
        LauncherRun result = LauncherRun.of(args.split(" "));

        result.assertExit(ExitCode.USAGE_ERROR);
        assertEquals(List.of("kvmemu: unknown command 'frob' (commands: list, run, check, compare, demo, examples,"
                + " events, conform, help; see kvmemu --help)"), result.errLines());
    }

    @Test
    void unknownGlobalOption() {
        LauncherRun.of("--frob", "list").assertError(ExitCode.USAGE_ERROR, "kvmemu: Unrecognized option: --frob"
                + " (global options: --plugins DIR, --stacktrace, --help, --version; see kvmemu --help)");
    }

    @Test
    void aCommandsOptionBeforeTheCommandSaysWhereItBelongs() {
        LauncherRun.of("--trace", "kvm_*", "run", "x.scenario").assertError(ExitCode.USAGE_ERROR,
                "kvmemu: Unrecognized option: --trace before the command: it is an option of run, so it goes after"
                        + " the command (kvmemu run ... --trace)");
        LauncherRun.of("--backend=vmx", "check", "x.scenario").assertError(ExitCode.USAGE_ERROR,
                "kvmemu: Unrecognized option: --backend=vmx before the command: it is an option of run, check, conform, so it"
                        + " goes after the command (kvmemu run ... --backend)");
    }

    @Test
    void aGlobalOptionAfterTheCommandThatMustComeFirstSaysSo() {
        LauncherRun.of("list", "--version").assertError(ExitCode.USAGE_ERROR,
                "kvmemu: Unrecognized option: --version after the command: it is a global option, so it goes before"
                        + " the command (kvmemu --version ...)");
    }

    @Test
    void anotherCommandsOptionNamesItsCommand() {
        LauncherRun.of("run", "x.scenario", "--junit", "r.xml").assertError(ExitCode.USAGE_ERROR,
                "kvmemu: Unrecognized option: --junit (see kvmemu help run; it is an option of check)");
    }

    @Test
    void helpHelp() {
        LauncherRun result = LauncherRun.of("help", "help");

        result.assertExit(ExitCode.OK);
        assertEquals("Usage: kvmemu help [COMMAND]", result.outLines().get(0));
    }

    @Test
    void unknownCommandOption() {
        LauncherRun.of("list", "--frob").assertError(ExitCode.USAGE_ERROR,
                "kvmemu: Unrecognized option: --frob (see kvmemu help list)");
    }

    @Test
    void stacktraceAndPluginsWorkAfterTheCommand() {
        LauncherRun result = LauncherRun.of("list", "--stacktrace", "--plugins", work.toString());

        result.assertExit(ExitCode.OK);
        assertTrue(result.out().contains("plugins folder: " + work), result.out());
        assertEquals(result.out(), LauncherRun.of("--stacktrace", "--plugins=" + work, "list").out());
    }

    @Test
    void abbreviatedOptionsAreNotGuessed() {
        LauncherRun.of("run", "--se", "1", "x.scenario").assertError(ExitCode.USAGE_ERROR,
                "kvmemu: Unrecognized option: --se (see kvmemu help run)");
    }

    @Test
    void optionWithoutItsArgument() {
        LauncherRun.of("run", "x.scenario", "--seed").assertError(ExitCode.USAGE_ERROR,
                "kvmemu: --seed needs a value N (see kvmemu help run)");
    }

    @Test
    void missingRequiredOptionIsSpelledAsTyped() {
        LauncherRun.of("conform").assertError(ExitCode.USAGE_ERROR, "kvmemu: missing --backend NAME (see kvmemu help conform)");
    }

    @Test
    void helpTakesOneCommand() {
        LauncherRun.of("help", "run", "list").assertError(ExitCode.USAGE_ERROR,
                "kvmemu: help takes one command, not run list");
    }

    @Test
    void runTakesExactlyOneFile() {
        LauncherRun.of("run").assertError(ExitCode.USAGE_ERROR,
                "kvmemu: run takes exactly one FILE, got 0 (see kvmemu help run)");
        LauncherRun.of("run", "a.scenario", "b.scenario").assertError(ExitCode.USAGE_ERROR,
                "kvmemu: run takes exactly one FILE, got 2 (see kvmemu help run)");
    }

    @Test
    void badRunOptionValues() {
        LauncherRun.of("run", "x.scenario", "--seed", "twelve").assertError(ExitCode.USAGE_ERROR,
                "kvmemu: bad --seed 'twelve': use a decimal or 0x-hex number from 0 to 18446744073709551615 "
                        + "(0xffffffffffffffff)");
        LauncherRun.of("run", "x.scenario", "--trace-format", "xml").assertError(ExitCode.USAGE_ERROR,
                "kvmemu: bad --trace-format 'xml': use one of text, json, perfetto");
        LauncherRun badGlob = LauncherRun.of("run", "x.scenario", "--trace", "kvm_[");
        badGlob.assertExit(ExitCode.USAGE_ERROR);
        assertLinesMatch(List.of("kvmemu: bad --trace: bad trace glob 'kvm_\\['.*"), badGlob.errLines());
    }

    @Test
    void runOfAMissingFile() {
        String missing = work.resolve("missing.scenario").toString();

        LauncherRun.of("run", missing).assertError(ExitCode.USAGE_ERROR, "kvmemu: cannot read " + missing
                + ": no such file, and no bundled example of that name (see kvmemu examples)");
    }

    @Test
    void backendNameMatchingNothingListsTheInstalledBackends() throws IOException {
        copy(toy);

        LauncherRun result = LauncherRun.of("--plugins", plugins.toString(), "run", "x.scenario", "--backend", "nope");

        result.assertExit(ExitCode.USAGE_ERROR);
        assertLinesMatch(List.of("kvmemu: no backend named 'nope'; installed backends: (.*, )?toy(, .*)?"),
                result.errLines());
    }

    @Test
    void checkNeedsFiles() {
        LauncherRun.of("check").assertError(ExitCode.USAGE_ERROR,
                "kvmemu: check needs at least one FILE (see kvmemu help check)");
    }

    @Test
    void checkReportsEachUnreadableFileAndCounts() {
        String a = work.resolve("a.scenario").toString();
        String b = work.resolve("b.scenario").toString();

        LauncherRun result = LauncherRun.of("check", a, b);

        result.assertExit(ExitCode.USAGE_ERROR);
        String why = ": no such file, and no bundled example of that name (see kvmemu examples)";
        assertEquals(List.of("FAIL " + a + ": cannot read " + a + why, "FAIL " + b + ": cannot read " + b + why,
                "0 passed, 2 failed, 0 skipped"), result.outLines());
    }

    @Test
    void listAndDemoTakeNoArguments() {
        LauncherRun.of("list", "x").assertError(ExitCode.USAGE_ERROR, "kvmemu: list takes no arguments (see kvmemu help list)");
        LauncherRun.of("demo", "x").assertError(ExitCode.USAGE_ERROR, "kvmemu: demo takes no arguments (see kvmemu help demo)");
    }

    @Test
    void listShowsThirdPartyPluginsSortedWithKindModuleVersionAndLocation() throws IOException {
        copy(ghost);
        copy(toy);

        LauncherRun result = LauncherRun.of("--plugins", plugins.toString(), "list");

        result.assertExit(ExitCode.OK);
        assertEquals(List.of(
                "toy (kind: backend, vm types: [default], module: org.acme.toy, version: 1.2.3, location: "
                        + plugins.resolve("org.acme.toy.jar") + ")",
                "    A test backend.",
                "ghost (kind: guest-driver, module: org.acme.ghost, version: unversioned, location: "
                        + plugins.resolve("org.acme.ghost.jar") + ")",
                "plugins folder: " + plugins), withoutBootPlugins(result.outLines()));
    }

    @Test
    void theDefaultPluginsFolderIsUsedWhenPresent() throws IOException {
        copy(toy);

        LauncherRun result = LauncherRun.with(Optional.of(plugins), "list");

        result.assertExit(ExitCode.OK);
        assertTrue(result.out().contains("toy (kind: backend"), result.out());
        assertTrue(result.out().endsWith("plugins folder: " + plugins + "\n"), result.out());
    }

    @Test
    void aMissingDefaultPluginsFolderIsFine() {
        Path absent = work.resolve("absent");

        LauncherRun result = LauncherRun.with(Optional.of(absent), "list");

        result.assertExit(ExitCode.OK);
        assertTrue(result.out().endsWith("plugins folder: " + absent + " (not present)\n"), result.out());
    }

    @Test
    void aMissingExplicitPluginsFolderIsAnError() {
        Path absent = work.resolve("absent");

        LauncherRun.of("--plugins", absent.toString(), "list").assertError(ExitCode.USAGE_ERROR,
                "kvmemu: plugins folder " + absent + " does not exist");
    }

    /** A refused plugin is one line on standard error, and list shows it; the exit code stays 0. */
    private void assertRefusedAlone(String refusal) {
        LauncherRun result = LauncherRun.of("--plugins", plugins.toString(), "list");

        result.assertExit(ExitCode.OK);
        assertLinesMatch(List.of("kvmemu: refused: " + refusal), result.errLines());
        assertTrue(result.outLines().stream().anyMatch(l -> l.matches("refused: " + refusal)), result.out());
        assertTrue(result.outLines().stream().anyMatch(l -> l.startsWith("vmx (kind: backend")), result.out());
    }

    @Test
    void aBrokenJarIsRefusedInOneLine() throws IOException {
        Files.writeString(plugins.resolve("broken.jar"), "not a zip");

        assertRefusedAlone(Pattern.quote(plugins.resolve("broken.jar").toString()) + ": .*");
    }

    @Test
    void theSecondOfTwoPluginsWithOneNameIsRefused() throws IOException {
        copy(dupA);
        copy(dupB);

        assertRefusedAlone(Pattern.quote("two backend plugins are named 'dup': module org.acme.dupa at "
                + plugins.resolve("org.acme.dupa.jar") + " and module org.acme.dupb at "
                + plugins.resolve("org.acme.dupb.jar") + "; the second is refused"));
    }

    @Test
    void aPluginBuiltForAnotherSpiIsRefused() throws IOException {
        copy(oldSpi);

        assertRefusedAlone(Pattern.quote("plugin old was built for SPI 99, this is 2 (module org.acme.old at "
                + plugins.resolve("org.acme.old.jar") + ")"));
    }

    @Test
    void pluginThatThrowsWhileStartingIsNamedWithoutAStackTrace() throws IOException {
        copy(throwingConstructor);

        assertRefusedAlone(Pattern.quote("plugin org.acme.boom.Backend (module org.acme.boom at "
                + plugins.resolve("org.acme.boom.jar") + ") failed to start: IllegalStateException: boom"));
    }

    @Test
    void stackTraceOnRequest() throws IOException {
        copy(throwingConstructor);

        LauncherRun result = LauncherRun.of("--stacktrace", "--plugins", plugins.toString(), "list");

        result.assertExit(ExitCode.OK);
        List<String> lines = result.errLines();
        assertTrue(lines.get(0).startsWith("kvmemu: refused: plugin org.acme.boom.Backend"), result.err());
        assertTrue(lines.get(1).startsWith("org.kvmemu.api.spi.PluginException: "), result.err());
        assertTrue(result.err().contains("Caused by: java.lang.IllegalStateException: boom"), result.err());
    }

    /** A plugin hook that overflows the stack while a scenario runs: one line naming its module, no -Xmx advice. */
    @Test
    void aStackOverflowInAPluginIsNamedAsOne() throws IOException {
        copy(TestPlugins.backendWithVmInit("org.acme.deepinit", "deepinit", "return vmInit(a0);")
                .build(Files.createDirectory(work.resolve("deepinit"))));
        Path scenario = Files.writeString(work.resolve("deep.scenario"),
                "machine backend=deepinit vcpus=1\nrun until=10us\n");

        LauncherRun result = LauncherRun.of("--plugins", plugins.toString(), "run", scenario.toString());

        result.assertError(ExitCode.INTERNAL_FAILURE, "kvmemu: stack overflow in module org.acme.deepinit: a call that"
                + " recurses without end (--stacktrace shows where)");
    }

    @Test
    void theDefaultPluginsFolderIsTheVariableThenTheProjectsPluginsFolder() {
        assertEquals(Optional.of(Path.of("/opt/kvmemu-plugins")),
                Launcher.defaultPluginsFolder("/opt/kvmemu-plugins", "/src/kvmemu"));
        assertEquals(Optional.of(Path.of("/src/kvmemu", "plugins")), Launcher.defaultPluginsFolder(null, "/src/kvmemu"));
        assertEquals(Optional.of(Path.of("/src/kvmemu", "plugins")), Launcher.defaultPluginsFolder("", "/src/kvmemu"));
    }

    @Test
    void pluginProblemsDoNotStopHelpOrVersion() throws IOException {
        copy(throwingConstructor);

        LauncherRun.of("--plugins", plugins.toString(), "--version").assertExit(ExitCode.OK);
        LauncherRun.of("--plugins", plugins.toString(), "help", "list").assertExit(ExitCode.OK);
    }

    @Test
    void kvmemuIsAToolProvider() {
        ToolProvider tool = ToolProvider.findFirst("kvmemu").orElseThrow();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exit = tool.run(new PrintWriter(out), new PrintWriter(err), "--version");

        assertEquals(ExitCode.OK, exit);
        assertEquals(LauncherRun.of("--version").out(), out.toString());
        assertEquals("", err.toString());
    }

    private void copy(Path jar) throws IOException {
        Files.copy(jar, plugins.resolve(jar.getFileName()));
    }

    /** Leaves out the lines (and description lines) of plugins kvmemu itself ships on the module path. */
    private static List<String> withoutBootPlugins(List<String> lines) {
        List<String> kept = new ArrayList<>();
        boolean ours = false;
        for (String line : lines) {
            if (!line.startsWith(" ")) {
                ours = line.contains("module: org.acme.") || line.startsWith("plugins folder: ");
            }
            if (ours) {
                kept.add(line);
            }
        }
        return kept;
    }
}
