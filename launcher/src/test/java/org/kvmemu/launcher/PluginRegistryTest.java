package org.kvmemu.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmemu.api.spi.BackendProvider;
import org.kvmemu.api.spi.OpsCheck;
import org.kvmemu.api.spi.PluginException;
import org.kvmemu.api.spi.VmType;
import org.kvmemu.api.spi.X86Ops;

/**
 * Plugin discovery with jars built by the tests: a third-party backend and guest driver, and each
 * way a plugins folder or a plugin can be wrong.
 */
class PluginRegistryTest {

    @TempDir
    static Path jars;

    static Path toy;
    static Path ghost;
    static Path dupA;
    static Path dupB;
    static Path sameNameDriver;
    static Path needy;
    static Path splitA;
    static Path splitB;
    static Path shadow;
    static Path oldSpi;
    static Path lacking;
    static Path throwingConstructor;
    static Path throwingName;
    static Path badName;

    @TempDir
    Path work;

    Path plugins;

    @BeforeAll
    static void buildJars() throws IOException {
        toy = TestPlugins.backend("org.acme.toy", "toy").build(jars);
        ghost = TestPlugins.guestDriver("org.acme.ghost", "ghost").build(jars);
        dupA = TestPlugins.backend("org.acme.dupa", "dup").build(jars);
        dupB = TestPlugins.backend("org.acme.dupb", "dup").build(jars);
        sameNameDriver = TestPlugins.guestDriver("org.acme.toydriver", "toy").build(jars);
        Path absent = TestPlugins.library("org.acme.absent", "org.acme.absent", "exports org.acme.absent;\n")
                .build(Files.createDirectory(jars.resolve("elsewhere")));
        needy = TestPlugins.library("org.acme.needy", "org.acme.needy", "requires org.acme.absent;\n")
                .compiledWith(absent).build(jars);
        splitA = TestPlugins.library("org.acme.splita", "org.acme.shared", "").build(jars);
        splitB = TestPlugins.library("org.acme.splitb", "org.acme.shared", "").build(jars);
        shadow = TestPlugins.library("org.kvmemu.api", "org.acme.shadow", "").build(jars);
        oldSpi = TestPlugins.backend("org.acme.old", "return \"old\";", "return 99;", "").build(jars);
        lacking = TestPlugins.backendLacking("org.acme.partial", "partial", Set.of("vcpu_put", "inject_nmi"))
                .build(jars);
        throwingConstructor = TestPlugins.backend("org.acme.boom", "return \"boom\";",
                "return SpiVersion.CURRENT;", "throw new IllegalStateException(\"boom\");").build(jars);
        throwingName = TestPlugins.backend("org.acme.noname", "throw new IllegalStateException(\"no name today\");",
                "return SpiVersion.CURRENT;", "").build(jars);
        badName = TestPlugins.backend("org.acme.shouty", "return \"Shouty Backend\";",
                "return SpiVersion.CURRENT;", "").build(jars);
    }

    @BeforeEach
    void createPluginsFolder() throws IOException {
        plugins = Files.createDirectory(work.resolve("plugins"));
    }

    /** OpsCheck counts a hook wherever Java finds it: here a default method of the plugin's own interface. */
    @Test
    void hookFromAnInterfaceDefaultCountsAsImplemented() throws IOException {
        Path jar = TestPlugins.backendWithAHookFromAnInterfaceDefault("org.acme.defaults", "defaults").build(jars);

        PluginRegistry registry = discover(jar);

        X86Ops table = registry.backend("defaults").create();
        assertEquals(List.of(), OpsCheck.missingRequired(table));
    }

    @Test
    void thirdPartyBackendIsFoundDescribedAndSelectable() throws IOException {
        PluginRegistry registry = discover(toy, ghost);

        PluginDescriptor backend = ours(registry).get(0);
        assertEquals(new PluginDescriptor(PluginKind.BACKEND, "toy", "org.acme.toy", "1.2.3",
                plugins.resolve("org.acme.toy.jar").toString(), List.of(VmType.DEFAULT), "A test backend."), backend);
        BackendProvider selected = registry.backend("toy");
        assertEquals("toy", selected.name());
        assertEquals(Set.of(VmType.DEFAULT), selected.vmTypes());
        X86Ops table = selected.create();
        assertEquals("org.acme.toy", table.getClass().getModule().getName());
        assertSame(selected, registry.installed().backend("toy").orElseThrow());
    }

    @Test
    void thirdPartyGuestDriverIsFoundUnversioned() throws IOException {
        PluginRegistry registry = discover(ghost);

        assertEquals(List.of(new PluginDescriptor(PluginKind.GUEST_DRIVER, "ghost", "org.acme.ghost", "unversioned",
                plugins.resolve("org.acme.ghost.jar").toString(), List.of(), "")), ours(registry));
        assertEquals(Set.of("mode"), registry.installed().driverKeys("ghost").orElseThrow());
    }

    @Test
    void pluginsAreSortedBackendsFirst() throws IOException {
        PluginRegistry registry = discover(ghost, toy, dupA, sameNameDriver);

        assertEquals(List.of("backend dup", "backend toy", "guest-driver ghost", "guest-driver toy"),
                ours(registry).stream().map(p -> p.kind().label() + " " + p.name()).toList());
    }

    @Test
    void backendNameMatchingNothingListsTheInstalledOnes() throws IOException {
        PluginRegistry registry = discover(toy);

        InputException e = assertThrows(InputException.class, () -> registry.backend("nope"));
        assertTrue(e.getMessage().startsWith("no backend named 'nope'; installed backends: "), e.getMessage());
        assertTrue(e.getMessage().contains("toy"), e.getMessage());
    }

    @Test
    void missingFolderContentIsFine() {
        assertEquals(List.of(), ours(PluginRegistry.discover(ModuleLayer.boot(), Optional.of(plugins))));
    }

    @Test
    void theSecondOfTwoPluginsWithOneNameIsRefusedNamingBoth() throws IOException {
        PluginRegistry registry = discover(dupB, dupA);

        assertEquals(List.of("org.acme.dupa"), ours(registry).stream().map(PluginDescriptor::module).toList());
        assertEquals(List.of("refused: two backend plugins are named 'dup': module org.acme.dupa at "
                + plugins.resolve("org.acme.dupa.jar") + " and module org.acme.dupb at "
                + plugins.resolve("org.acme.dupb.jar") + "; the second is refused"), lines(registry));
    }

    @Test
    void aFolderPluginNamedLikeABuiltInBackendIsRefusedAndTheBuiltInStays() throws IOException {
        ModuleLayer base = PluginLayerLoader.load(folder("base", dupA), ModuleLayer.boot()).layer();
        copy(dupB);

        PluginRegistry registry = PluginRegistry.discover(base, Optional.of(plugins));

        assertEquals(work.resolve("base").resolve("org.acme.dupa.jar").toString(), ours(registry).get(0).location());
        assertEquals(List.of("refused: two backend plugins are named 'dup': module org.acme.dupa at "
                + work.resolve("base").resolve("org.acme.dupa.jar") + " and module org.acme.dupb at "
                + plugins.resolve("org.acme.dupb.jar") + "; the second is refused"), lines(registry));
    }

    @Test
    void aBackendAndAGuestDriverMayShareAName() throws IOException {
        PluginRegistry registry = discover(toy, sameNameDriver);

        assertEquals(2, ours(registry).size());
    }

    @Test
    void providersOfParentLayersAreLoadedOnce() throws IOException {
        ModuleLayer base = PluginLayerLoader.load(folder("base", toy), ModuleLayer.boot()).layer();
        copy(ghost);

        PluginRegistry registry = PluginRegistry.discover(base, Optional.of(plugins));

        assertEquals(List.of("toy", "ghost"), ours(registry).stream().map(PluginDescriptor::name).toList());
        assertEquals(work.resolve("base").resolve("org.acme.toy.jar").toString(),
                ours(registry).get(0).location());
    }

    @Test
    void aModuleThatDoesNotResolveIsRefusedAlone() throws IOException {
        PluginRegistry registry = discover(needy, toy);

        assertEquals(List.of("toy"), ours(registry).stream().map(PluginDescriptor::name).toList());
        assertRefused(registry, "module org.acme.needy at " + plugins.resolve("org.acme.needy.jar") + ": ",
                "Module org.acme.absent not found, required by org.acme.needy");
    }

    @Test
    void theSecondModuleWithAPackageOfAnotherIsRefused() throws IOException {
        PluginRegistry registry = discover(splitA, splitB, toy);

        assertEquals(List.of("toy"), ours(registry).stream().map(PluginDescriptor::name).toList());
        assertEquals(List.of("refused: module org.acme.splitb at " + plugins.resolve("org.acme.splitb.jar")
                + ": package org.acme.shared is also in module org.acme.splita at "
                + plugins.resolve("org.acme.splita.jar")), lines(registry));
    }

    @Test
    void aModuleNamedLikeOneKvmemuHasIsRefused() throws IOException {
        PluginRegistry registry = discover(shadow);

        assertEquals(List.of("refused: module org.kvmemu.api at " + plugins.resolve("org.kvmemu.api.jar")
                + ": it has the name of a module kvmemu already has, at " + PluginJar.apiLocation()), lines(registry));
    }

    @Test
    void aModuleNamedLikeAModuleOfAParentLayerIsRefused() throws IOException {
        ModuleLayer base = PluginLayerLoader.load(folder("base", toy), ModuleLayer.boot()).layer();
        copy(toy);

        PluginRegistry registry = PluginRegistry.discover(base, Optional.of(plugins));

        assertRefused(registry, "module org.acme.toy at " + plugins.resolve("org.acme.toy.jar") + ": ",
                "already has");
        assertEquals(1, ours(registry).size());
    }

    @Test
    void aBrokenJarIsRefusedAndTheOthersLoad() throws IOException {
        copy(toy);
        Files.writeString(plugins.resolve("broken.jar"), "not a zip");

        PluginRegistry registry = PluginRegistry.discover(ModuleLayer.boot(), Optional.of(plugins));

        assertEquals(List.of("toy"), ours(registry).stream().map(PluginDescriptor::name).toList());
        assertRefused(registry, plugins.resolve("broken.jar") + ": ", "");
    }

    @Test
    void aPluginBuiltForAnotherSpiIsRefusedNamingBothVersions() throws IOException {
        PluginRegistry registry = discover(oldSpi, toy);

        assertEquals(List.of("toy"), ours(registry).stream().map(PluginDescriptor::name).toList());
        assertEquals(List.of("refused: plugin old was built for SPI 99, this is 2 (module org.acme.old at "
                + plugins.resolve("org.acme.old.jar") + ")"), lines(registry));
    }

    /** A backend built against an older {@code X86Ops} is refused when found, naming every missing hook. */
    @Test
    void backendBuiltAgainstAnOlderHookTableIsRefusedNamingEveryMissingHook() throws IOException {
        assertEquals(List.of("refused: plugin 'partial' lacks required kvm_x86_ops hooks: inject_nmi, vcpu_put"
                + " (module org.acme.partial at " + plugins.resolve("org.acme.partial.jar") + ")"),
                lines(discover(lacking)));
    }

    @Test
    void providerConstructorThatThrowsIsNamed() throws IOException {
        assertEquals(List.of("refused: plugin org.acme.boom.Backend (module org.acme.boom at "
                + plugins.resolve("org.acme.boom.jar") + ") failed to start: IllegalStateException: boom"),
                lines(discover(throwingConstructor)));
    }

    @Test
    void providerNameThatThrowsIsNamed() throws IOException {
        assertEquals(List.of("refused: plugin org.acme.noname.Backend (module org.acme.noname at "
                + plugins.resolve("org.acme.noname.jar") + ") failed to start: IllegalStateException: no name today"),
                lines(discover(throwingName)));
    }

    @Test
    void nameUsersCannotTypeIsRefused() throws IOException {
        List<String> lines = lines(discover(badName));

        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("refused: plugin org.acme.shouty.Backend (module org.acme.shouty at "),
                lines.get(0));
        assertTrue(lines.get(0).endsWith("has an invalid name 'Shouty Backend': use lower-case letters, digits,"
                + " '.', '_' and '-'"), lines.get(0));
    }

    @Test
    void everyBadPluginAtOnceLeavesTheGoodOnesInstalled() throws IOException {
        Files.writeString(plugins.resolve("broken.jar"), "not a zip");

        PluginRegistry registry = discover(toy, ghost, needy, oldSpi, lacking, throwingConstructor, dupA, dupB);

        assertEquals(List.of("dup", "toy", "ghost"), ours(registry).stream().map(PluginDescriptor::name).toList());
        assertEquals(6, registry.refused().size(), lines(registry).toString());
        assertTrue(registry.installed().backend("vmx").isPresent());
    }

    /** A file that is not a jar is refused with one line naming it; the plugins beside it still work. */
    @Test
    void aFileThatIsNotAJarIsRefusedAlone() throws IOException {
        copy(toy);
        Files.writeString(plugins.resolve("README.txt"), "drop plugin jars here");
        Files.writeString(plugins.resolve(".keep"), "");

        PluginRegistry registry = discover();
        assertEquals(List.of("toy"), ours(registry).stream().map(PluginDescriptor::name).toList());
        assertRefused(registry, plugins.resolve("README.txt").toString(), "not a plugin (a plugin is a .jar file");
    }

    private PluginRegistry discover(Path... pluginJars) throws IOException {
        for (Path jar : pluginJars) {
            copy(jar);
        }
        return PluginRegistry.discover(ModuleLayer.boot(), Optional.of(plugins));
    }

    private static List<String> lines(PluginRegistry registry) {
        return registry.refused().stream().map(PluginRefusal::line).toList();
    }

    private static void assertRefused(PluginRegistry registry, String prefix, String detail) {
        List<String> lines = lines(registry);
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("refused: " + prefix), lines.get(0));
        assertTrue(lines.get(0).contains(detail), lines.get(0));
        assertFalse(lines.get(0).contains("\n"), lines.get(0));
    }

    private void copy(Path jar) throws IOException {
        Files.copy(jar, plugins.resolve(jar.getFileName()));
    }

    private Path folder(String name, Path... pluginJars) throws IOException {
        Path dir = Files.createDirectory(work.resolve(name));
        for (Path jar : pluginJars) {
            Files.copy(jar, dir.resolve(jar.getFileName()));
        }
        return dir;
    }

    /** The plugins these tests installed, leaving out any kvmemu ships on the module path. */
    private static List<PluginDescriptor> ours(PluginRegistry registry) {
        return registry.descriptors().stream().filter(p -> p.module().startsWith("org.acme.")).toList();
    }
}
