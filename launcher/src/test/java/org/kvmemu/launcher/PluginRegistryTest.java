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
    static Path unresolvableProvider;
    static Path needsUnresolvable;
    static Path needsNeedy;
    static Path needsSplitB;
    static Path cycleA;
    static Path cycleB;
    static Path overflowingCreate;
    static Path overflowingName;
    static Path errorInConstructor;
    static Path vmxLookalike;

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
        unresolvableProvider = TestPlugins.backendRequiring("org.acme.unres", "unres", "org.acme.absent")
                .compiledWith(absent).build(jars);
        needsUnresolvable = TestPlugins.backendRequiring("org.acme.user", "user", "org.acme.unres")
                .compiledWith(unresolvableProvider).compiledWith(absent).build(jars);
        needsNeedy = TestPlugins.backendRequiring("org.acme.needyuser", "needyuser", "org.acme.needy")
                .compiledWith(needy).compiledWith(absent).build(jars);
        needsSplitB = TestPlugins.backendRequiring("org.acme.splituser", "splituser", "org.acme.splitb")
                .compiledWith(splitB).build(jars);
        Path cycleDir = Files.createDirectory(jars.resolve("cycle"));
        Path cycleStub = TestPlugins.library("org.acme.cycleb", "org.acme.cycleb", "")
                .build(Files.createDirectory(jars.resolve("cycle-stub")));
        cycleA = TestPlugins.library("org.acme.cyclea", "org.acme.cyclea", "requires org.acme.cycleb;\n")
                .compiledWith(cycleStub).build(cycleDir);
        Path cycleAStub = TestPlugins.library("org.acme.cyclea", "org.acme.cyclea", "")
                .build(Files.createDirectory(jars.resolve("cycle-stub-a")));
        cycleB = TestPlugins.library("org.acme.cycleb", "org.acme.cycleb", "requires org.acme.cyclea;\n")
                .compiledWith(cycleAStub).build(cycleDir);
        overflowingCreate = TestPlugins.backendCreating("org.acme.deep", "deep", "return create();").build(jars);
        overflowingName = TestPlugins.backend("org.acme.deepname", "return name();", "return SpiVersion.CURRENT;",
                "").build(jars);
        errorInConstructor = TestPlugins.backend("org.acme.err", "return \"err\";", "return SpiVersion.CURRENT;",
                "throw new AssertionError(\"not today\");").build(jars);
        vmxLookalike = TestPlugins.backendCreating("org.acme.myvmx", "vmx",
                "throw new IllegalStateException(\"create ran\");").build(jars);
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

        assertOnlyToyLoaded(registry);
        assertRefused(registry, "module org.acme.needy at " + plugins.resolve("org.acme.needy.jar") + ": ",
                "Module org.acme.absent not found, required by org.acme.needy");
    }

    @Test
    void theSecondModuleWithAPackageOfAnotherIsRefused() throws IOException {
        PluginRegistry registry = discover(splitA, splitB, toy);

        assertOnlyToyLoaded(registry);
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

        assertOnlyToyLoaded(registry);
        assertRefused(registry, plugins.resolve("broken.jar") + ": ", "");
    }

    @Test
    void aPluginBuiltForAnotherSpiIsRefusedNamingBothVersions() throws IOException {
        PluginRegistry registry = discover(oldSpi, toy);

        assertOnlyToyLoaded(registry);
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

        PluginRegistry registry = discover(toy, ghost, needy, oldSpi, lacking, throwingConstructor, dupA, dupB,
                unresolvableProvider, needsUnresolvable, overflowingCreate, errorInConstructor, vmxLookalike);

        assertEquals(List.of("dup", "toy", "ghost"), ours(registry).stream().map(PluginDescriptor::name).toList());
        assertEquals(11, registry.refused().size(), lines(registry).toString());
        assertTrue(registry.installed().backend("vmx").isPresent());
    }

    /** A file that is not a jar is refused with one line naming it; the plugins beside it still work. */
    @Test
    void aFileThatIsNotAJarIsRefusedAlone() throws IOException {
        copy(toy);
        Files.writeString(plugins.resolve("README.txt"), "drop plugin jars here");
        Files.writeString(plugins.resolve(".keep"), "");

        PluginRegistry registry = discover();
        assertOnlyToyLoaded(registry);
        assertRefused(registry, plugins.resolve("README.txt").toString(), "not a plugin (a plugin is a .jar file");
    }

    /**
     * A backend provider whose module does not resolve is refused alone: service binding must not
     * pull it into the resolution of every other module of the folder.
     */
    @Test
    void aServiceProviderThatDoesNotResolveIsRefusedAloneAndTheOthersWork() throws IOException {
        PluginRegistry registry = discover(unresolvableProvider, toy, ghost);

        assertEquals(List.of("toy", "ghost"), ours(registry).stream().map(PluginDescriptor::name).toList());
        assertRefused(registry, "module org.acme.unres at " + plugins.resolve("org.acme.unres.jar") + ": ",
                "Module org.acme.absent not found, required by org.acme.unres");
        assertEquals("org.acme.toy", registry.backend("toy").create().getClass().getModule().getName());
        assertTrue(registry.installed().backend("vmx").isPresent());
    }

    @Test
    void aPluginThatRequiresARefusedPluginIsRefusedNamingIt() throws IOException {
        PluginRegistry registry = discover(unresolvableProvider, needsUnresolvable, toy);

        assertOnlyToyLoaded(registry);
        assertEquals(refusedWithItsUser("org.acme.unres", "org.acme.user"), lines(registry));
    }

    /** Of the folder's plugins only the good one, toy, is loaded. */
    private void assertOnlyToyLoaded(PluginRegistry registry) {
        assertEquals(List.of("toy"), ours(registry).stream().map(PluginDescriptor::name).toList());
    }

    /** The lines of {@code module}, which requires the absent org.acme.absent, and of {@code user}, which requires it. */
    private List<String> refusedWithItsUser(String module, String user) {
        Path jar = plugins.resolve(module + ".jar");
        return List.of("refused: module " + module + " at " + jar + ": Module org.acme.absent not found, required by "
                + module, "refused: module " + user + " at " + plugins.resolve(user + ".jar") + ": it requires module "
                + module + " (at " + jar + "), which is refused");
    }

    @Test
    void aPluginThatRequiresAModuleThatDoesNotResolveIsRefusedNamingIt() throws IOException {
        PluginRegistry registry = discover(needsNeedy, needy, toy);

        assertOnlyToyLoaded(registry);
        assertEquals(refusedWithItsUser("org.acme.needy", "org.acme.needyuser"), lines(registry));
    }

    @Test
    void aPluginThatRequiresAModuleRefusedForItsPackageIsRefusedNamingIt() throws IOException {
        PluginRegistry registry = discover(splitA, splitB, needsSplitB, toy);

        assertOnlyToyLoaded(registry);
        assertEquals(List.of("refused: module org.acme.splitb at " + plugins.resolve("org.acme.splitb.jar")
                        + ": package org.acme.shared is also in module org.acme.splita at "
                        + plugins.resolve("org.acme.splita.jar"),
                "refused: module org.acme.splituser at " + plugins.resolve("org.acme.splituser.jar")
                        + ": it requires module org.acme.splitb (at " + plugins.resolve("org.acme.splitb.jar")
                        + "), which is refused"), lines(registry));
    }

    @Test
    void modulesThatRequireEachOtherAreRefusedWithTheCycle() throws IOException {
        PluginRegistry registry = discover(cycleA, cycleB, toy);

        assertOnlyToyLoaded(registry);
        List<String> lines = lines(registry);
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("refused: module org.acme.cyclea at "), lines.toString());
        assertTrue(lines.get(1).startsWith("refused: module org.acme.cycleb at "), lines.toString());
        assertTrue(lines.stream().allMatch(l -> l.contains("Cycle detected")), lines.toString());
    }

    @Test
    void aProviderWhoseCreateOverflowsTheStackIsRefusedAlone() throws IOException {
        PluginRegistry registry = discover(overflowingCreate, toy);

        assertOnlyToyLoaded(registry);
        assertEquals(List.of("refused: plugin org.acme.deep.Backend (module org.acme.deep at "
                + plugins.resolve("org.acme.deep.jar") + ") failed to start: stack overflow (StackOverflowError:"
                + " a call that recurses without end)"), lines(registry));
    }

    @Test
    void aProviderWhoseNameOverflowsTheStackIsRefusedAlone() throws IOException {
        PluginRegistry registry = discover(overflowingName, toy);

        assertOnlyToyLoaded(registry);
        assertRefused(registry, "plugin org.acme.deepname.Backend (module org.acme.deepname at ",
                ") failed to start: stack overflow (StackOverflowError");
    }

    @Test
    void aProviderThatThrowsAnErrorIsRefusedAlone() throws IOException {
        PluginRegistry registry = discover(errorInConstructor, toy);

        assertOnlyToyLoaded(registry);
        assertEquals(List.of("refused: plugin org.acme.err.Backend (module org.acme.err at "
                + plugins.resolve("org.acme.err.jar") + ") failed to start: AssertionError: not today"),
                lines(registry));
    }

    @Test
    void aProviderWhoseStaticInitializerThrowsIsRefusedAlone() throws IOException {
        Path jar = TestPlugins.backend("org.acme.statinit", "return \"statinit\";", "return SpiVersion.CURRENT;", "")
                .source("org.acme.statinit.Backend", "package org.acme.statinit;\n"
                        + "import java.util.Set;\nimport org.kvmemu.api.spi.*;\n"
                        + "public final class Backend implements BackendProvider {\n"
                        + "    static final int VALUE = Integer.parseInt(\"boom\");\n"
                        + "    @Override public String name() { return \"statinit\"; }\n"
                        + "    @Override public int spiVersion() { return SpiVersion.CURRENT; }\n"
                        + "    @Override public Set<VmType> vmTypes() { return Set.of(VmType.DEFAULT); }\n"
                        + "    @Override public X86Ops create() { return new Table(); }\n"
                        + "}\n").build(Files.createDirectory(work.resolve("statinit")));

        PluginRegistry registry = discover(jar, toy);

        assertOnlyToyLoaded(registry);
        assertRefused(registry, "plugin org.acme.statinit.Backend (module org.acme.statinit at ",
                "failed to start: a static initializer threw NumberFormatException: For input string: \"boom\"");
    }

    /** A folder plugin named like a built-in backend is refused before its create() runs. */
    @Test
    void aPluginNamedLikeABuiltInBackendIsRefusedBeforeItsCodeRuns() throws IOException {
        PluginRegistry registry = discover(vmxLookalike, toy);

        assertOnlyToyLoaded(registry);
        assertRefused(registry, "two backend plugins are named 'vmx': module org.kvmemu.vmx at ",
                " and module org.acme.myvmx at " + plugins.resolve("org.acme.myvmx.jar") + "; the second is refused");
        assertEquals("org.kvmemu.vmx", registry.backend("vmx").getClass().getModule().getName());
    }

    /**
     * A plugin that looks up the vmx backend with ServiceLoader beside a folder plugin also called
     * vmx finds the built-in one: a module refused for its name is left out of the folder's layer.
     */
    @Test
    void aPluginRefusedForItsNameIsNotFoundByTheFoldersOtherPlugins() throws IOException {
        Path lookup = TestPlugins.backendCreating("org.acme.lookup", "lookup",
                "return java.util.ServiceLoader.load(Backend.class.getModule().getLayer(), BackendProvider.class)"
                        + ".stream().map(java.util.ServiceLoader.Provider::get)"
                        + ".filter(p -> p.name().equals(\"vmx\")).findFirst().orElseThrow().create();")
                .build(Files.createDirectory(work.resolve("lookup")));
        Path needsLookalike = TestPlugins.backendRequiring("org.acme.vmxuser", "vmxuser", "org.acme.myvmx")
                .compiledWith(vmxLookalike).build(Files.createDirectory(work.resolve("vmxuser")));

        PluginRegistry registry = discover(lookup, vmxLookalike, needsLookalike);

        assertEquals(List.of("lookup"), ours(registry).stream().map(PluginDescriptor::name).toList());
        assertEquals("org.kvmemu.vmx", registry.backend("lookup").create().getClass().getModule().getName());
        List<String> lines = lines(registry);
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("refused: two backend plugins are named 'vmx': module org.kvmemu.vmx at "),
                lines.toString());
        assertEquals("refused: module org.acme.vmxuser at " + plugins.resolve("org.acme.vmxuser.jar")
                + ": it requires module org.acme.myvmx (at " + plugins.resolve("org.acme.myvmx.jar")
                + "), which is refused", lines.get(1));
    }

    /** The first plugin of a name that is refused does not take the name: the next one of it loads. */
    @Test
    void aRefusedPluginDoesNotTakeItsName() throws IOException {
        Path first = TestPlugins.backendCreating("org.acme.aaa", "same", "throw new IllegalStateException(\"no\");")
                .build(Files.createDirectory(work.resolve("first")));
        Path second = TestPlugins.backend("org.acme.bbb", "same").build(Files.createDirectory(work.resolve("second")));

        PluginRegistry registry = discover(first, second);

        assertEquals(List.of("org.acme.bbb"), ours(registry).stream().map(PluginDescriptor::module).toList());
        assertRefused(registry, "plugin org.acme.aaa.Backend (module org.acme.aaa at ",
                "failed to start: IllegalStateException: no");
    }

    /**
     * The refusals of a folder with several bad plugins come in a fixed order (docs/plugins.md):
     * its files and modules in file-name order, a module that does not resolve after them; then
     * its backends, those ServiceLoader cannot load first, by their lines, then the others by module.
     */
    @Test
    void refusalsComeInAFixedOrder() throws IOException {
        Path zeta = noNoArgConstructor("org.acme.zeta", "zeta");
        Path alpha = noNoArgConstructor("org.acme.alpha", "alpha");
        Files.writeString(plugins.resolve("broken.jar"), "not a zip");

        PluginRegistry registry = discover(zeta, oldSpi, unresolvableProvider, throwingConstructor, alpha, toy);

        assertOnlyToyLoaded(registry);
        List<String> lines = lines(registry);
        List<String> starts = List.of(
                "refused: " + plugins.resolve("broken.jar") + ": ",
                "refused: module org.acme.unres at " + plugins.resolve("org.acme.unres.jar") + ": Module org.acme.absent",
                "refused: invalid plugin in " + plugins + ": "
                        + "org.kvmemu.api.spi.BackendProvider: org.acme.alpha.Backend ",
                "refused: invalid plugin in " + plugins + ": "
                        + "org.kvmemu.api.spi.BackendProvider: org.acme.zeta.Backend ",
                "refused: plugin org.acme.boom.Backend (module org.acme.boom at ",
                "refused: plugin old was built for SPI 99");
        assertEquals(starts.size(), lines.size(), lines.toString());
        for (int i = 0; i < starts.size(); i++) {
            assertTrue(lines.get(i).startsWith(starts.get(i)), i + ": " + lines);
        }
    }

    /** A backend whose class has no public no-argument constructor, which ServiceLoader cannot load. */
    private Path noNoArgConstructor(String module, String name) throws IOException {
        return TestPlugins.backend(module, name).overlay(java.util.Map.of(module + ".Backend", "package " + module
                + ";\nimport java.util.Set;\nimport org.kvmemu.api.spi.*;\n"
                + "public final class Backend implements BackendProvider {\n"
                + "    public Backend(int unused) { }\n"
                + "    @Override public String name() { return \"" + name + "\"; }\n"
                + "    @Override public int spiVersion() { return SpiVersion.CURRENT; }\n"
                + "    @Override public Set<VmType> vmTypes() { return Set.of(VmType.DEFAULT); }\n"
                + "    @Override public X86Ops create() { return new Table(); }\n"
                + "}\n")).build(Files.createDirectory(work.resolve(module)));
    }

    /**
     * A module left out of the folder's layer for its backend's name keeps the refusals of its
     * other providers: here a guest driver built for another SPI.
     */
    /** A module with a backend named vmx and a guest driver {@code driver} built for {@code spi}. */
    private Path backendVmxAndDriver(String module, String driver, String spi) throws IOException {
        return TestPlugins.backend(module, "vmx")
                .source("module-info", "module " + module + " {\n    requires org.kvmemu.api;\n"
                        + "    provides org.kvmemu.api.spi.BackendProvider with " + module + ".Backend;\n"
                        + "    provides org.kvmemu.api.spi.GuestDriverProvider with " + module + ".Driver;\n}\n")
                .source(module + ".Driver", driver(module, driver, spi))
                .build(Files.createDirectory(work.resolve(driver)));
    }

    @Test
    void aModuleLeftOutForItsNameKeepsItsOtherRefusals() throws IOException {
        Path twoFaced = backendVmxAndDriver("org.acme.twofaced", "twofaced", "99");

        PluginRegistry registry = discover(twoFaced, toy);

        assertOnlyToyLoaded(registry);
        List<String> lines = lines(registry);
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("refused: two backend plugins are named 'vmx': module org.kvmemu.vmx at "),
                lines.toString());
        assertEquals("refused: plugin twofaced was built for SPI 99, this is " + org.kvmemu.api.spi.SpiVersion.CURRENT
                + " (module org.acme.twofaced at " + plugins.resolve("org.acme.twofaced.jar") + ")", lines.get(1));
    }

    /** A module one of whose providers starts stays in the layer: its provider refused for its name alone is refused. */
    @Test
    void aModuleWithAStartedProviderStaysAndOnlyItsProviderNamedLikeAnotherIsRefused() throws IOException {
        Path mixed = backendVmxAndDriver("org.acme.mixed", "mixed", "SpiVersion.CURRENT");

        PluginRegistry registry = discover(mixed);

        assertEquals(List.of("mixed"), ours(registry).stream().map(PluginDescriptor::name).toList());
        assertRefused(registry, "two backend plugins are named 'vmx': module org.kvmemu.vmx at ",
                " and module org.acme.mixed at " + plugins.resolve("org.acme.mixed.jar") + "; the second is refused");
    }

    private static String driver(String module, String name, String spi) {
        return "package " + module + ";\nimport java.util.Map;\nimport java.util.Set;\n"
                + "import org.kvmemu.api.guest.GuestDriver;\nimport org.kvmemu.api.spi.*;\n"
                + "public final class Driver implements GuestDriverProvider {\n"
                + "    @Override public String name() { return \"" + name + "\"; }\n"
                + "    @Override public int spiVersion() { return " + spi + "; }\n"
                + "    @Override public Set<String> keys() { return Set.of(); }\n"
                + "    @Override public GuestDriver create(Map<String, String> args) { return new GuestDriver() { }; }\n"
                + "}\n";
    }

    /**
     * When the folder is loaded again without a module refused for its name, the events listed are
     * those of the plugins installed, from the layer they were loaded from: not the first layer's,
     * and none of the module left out.
     */
    @Test
    void theEventsOfAFolderLoadedAgainAreThoseOfItsInstalledPlugins() throws IOException {
        Path leftOut = TestPlugins.backend("org.acme.leftout", "vmx").source("org.acme.leftout.Backend",
                tracingBackend("org.acme.leftout", "vmx", "leftout_step")).build(Files.createDirectory(work.resolve("lo")));
        Path traced = TestPlugins.backend("org.acme.traced", "traced").source("org.acme.traced.Backend",
                tracingBackend("org.acme.traced", "traced", "traced_step")).build(Files.createDirectory(work.resolve("tr")));

        PluginRegistry registry = discover(leftOut, traced);

        assertEquals(List.of("traced"), ours(registry).stream().map(PluginDescriptor::name).toList());
        List<org.kvmemu.api.trace.TracePoint> events = TraceEvents.all(registry.installed());
        assertFalse(events.stream().anyMatch(e -> e.name().equals("leftout_step")), events.toString());
        org.kvmemu.api.trace.TracePoint step = events.stream().filter(e -> e.name().equals("traced_step"))
                .findFirst().orElseThrow();
        // The installed backend's description is the identity of its own class's trace point.
        assertEquals(String.valueOf(System.identityHashCode(step)), ours(registry).get(0).description());
    }

    /** A backend whose class declares the trace point {@code event} and describes itself with its identity. */
    private static String tracingBackend(String module, String name, String event) {
        return "package " + module + ";\nimport java.util.Set;\nimport org.kvmemu.api.spi.*;\n"
                + "public final class Backend implements BackendProvider {\n"
                + "    static final org.kvmemu.api.trace.TracePoint STEP = org.kvmemu.api.trace.TracePoint.keyValue(\""
                + event + "\", \"vcpu\");\n"
                + "    @Override public String name() { return \"" + name + "\"; }\n"
                + "    @Override public int spiVersion() { return SpiVersion.CURRENT; }\n"
                + "    @Override public String description() { return String.valueOf(System.identityHashCode(STEP)); }\n"
                + "    @Override public Set<VmType> vmTypes() { return Set.of(VmType.DEFAULT); }\n"
                + "    @Override public X86Ops create() { return new Table(); }\n"
                + "}\n";
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
