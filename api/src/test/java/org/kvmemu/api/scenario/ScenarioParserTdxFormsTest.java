package org.kvmemu.api.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import org.junit.jupiter.api.Test;
import org.kvmemu.api.spi.Refusal;
import org.kvmemu.api.spi.VmConfig;
import org.kvmemu.api.spi.VmType;

/**
 * The version 1.1 forms for TDs: {@code tdx-variant}, {@code tdx-module}, a backend's refusal of a
 * machine, and the machine override {@code kvmemu compare} parses with.
 */
class ScenarioParserTdxFormsTest {

    /** The standard catalog, whose tdx backend refuses a TD without APICv. */
    private static final PluginCatalog CATALOG = new PluginCatalog() {
        private final PluginCatalog standard = ScenarioParserFormsTest.Catalog.standard();

        @Override
        public SortedSet<String> backendNames() {
            return standard.backendNames();
        }

        @Override
        public Optional<Set<VmType>> backendVmTypes(String name) {
            return standard.backendVmTypes(name);
        }

        @Override
        public Optional<Refusal> backendRefusal(String name, VmConfig config) {
            return name.equals("tdx") && config.type() == VmType.TD && !config.enableApicv()
                    ? Optional.of(new Refusal("apicv", "TDX needs APICv")) : Optional.empty();
        }

        @Override
        public SortedSet<String> driverNames() {
            return standard.driverNames();
        }

        @Override
        public Optional<Set<String>> driverKeys(String name) {
            return standard.driverKeys(name);
        }
    };

    private static Scenario parse(String text) throws ScenarioException {
        return new ScenarioParser(CATALOG).parse("t.scenario", text);
    }

    private static String error(String text) {
        return assertThrows(ScenarioException.class, () -> parse(text)).getMessage().lines().findFirst().orElseThrow();
    }

    @Test
    void tdxVariantAndTdxModuleBecomeBackendOptions() throws ScenarioException {
        Scenario s = parse("machine backend=tdx vm=td tdx-variant=v1\ntdx-module nmi-unblock-after-seamret=yes\n");
        assertEquals(Map.of("tdx-variant", "v1", "tdx-module.nmi-unblock-after-seamret", "yes"),
                s.machine().vmConfig().options());
        assertEquals(Map.of(), parse("machine backend=tdx vm=td\ntdx-module\n").machine().options());
    }

    @Test
    void tdxFormsAreForTdsOnly() {
        assertEquals("t.scenario:1:44: tdx-variant is only for TDs (machine vm=td)",
                error("machine backend=tdx vm=default tdx-variant=v1\n"));
        assertEquals("t.scenario:2:1: tdx-module is only for TDs (machine vm=td)",
                error("machine backend=vmx\ntdx-module\n"));
    }

    @Test
    void badValuesAndDuplicatesAreLocated() {
        assertEquals("t.scenario:1:39: bad tdx-variant 'v2' (expected: final, v1)",
                error("machine backend=tdx vm=td tdx-variant=v2\n"));
        assertEquals("t.scenario:2:38: bad nmi-unblock-after-seamret 'maybe' (expected: yes, no)",
                error("machine backend=tdx vm=td\ntdx-module nmi-unblock-after-seamret=maybe\n"));
        assertEquals("t.scenario:3:1: duplicate tdx-module statement (first at line 2)",
                error("machine backend=tdx vm=td\ntdx-module\ntdx-module\n"));
    }

    @Test
    void aRefusedMachineIsAnErrorAtTheKeyTheRefusalNames() {
        assertEquals("t.scenario:1:33: backend 'tdx' refuses this machine: TDX needs APICv",
                error("machine backend=tdx vm=td apicv=off\n"));
    }

    @Test
    void anOverrideReplacesBackendAndVmTypeAndTdOnlyFormsFailWhereTheyAre() throws ScenarioException {
        String text = "machine backend=vmx vcpus=2\nrun until=1ms\n";
        Scenario td = new ScenarioParser(CATALOG).parse("t.scenario", text, new MachineOverride("tdx", VmType.TD));
        assertEquals("tdx", td.machine().backend());
        assertEquals(VmType.TD, td.machine().vm());
        ScenarioException e = assertThrows(ScenarioException.class, () -> new ScenarioParser(CATALOG).parse(
                "t.scenario", "machine backend=tdx vm=td\ntdx-module\n", new MachineOverride("vmx", VmType.DEFAULT)));
        assertEquals("t.scenario:2:1: tdx-module is only for TDs (machine vm=td)",
                e.getMessage().lines().findFirst().orElseThrow());
    }

    /** compare does not check expectations, so its override skips them (a TD-only one included). */
    @Test
    void anOverrideCanSkipExpectLines() throws ScenarioException {
        String text = "machine backend=tdx vm=td\nrun until=1ms\nexpect vm-state td-fatal\nexpect nonsense here\n";
        assertEquals(List.of(), new ScenarioParser(CATALOG).parse("t.scenario", text,
                new MachineOverride("vmx", VmType.DEFAULT, false)).expectations());
        assertThrows(ScenarioException.class, () -> new ScenarioParser(CATALOG).parse("t.scenario", text,
                new MachineOverride("tdx", VmType.TD)));
        assertThrows(ScenarioException.class, () -> new ScenarioParser(CATALOG).parse("t.scenario", text));
    }
}
