package org.kvmemu.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.kvmemu.api.scenario.Location;
import org.kvmemu.api.scenario.MachineSpec;
import org.kvmemu.api.scenario.RunSpec;
import org.kvmemu.api.scenario.Scenario;
import org.kvmemu.api.spi.BackendProvider;
import org.kvmemu.api.spi.SpiVersion;
import org.kvmemu.api.spi.VmType;
import org.kvmemu.api.spi.X86Ops;

class BackendOverrideTest {

    private static final Location MACHINE = new Location("t.scenario", 3, 1);

    @Test
    void replacesOnlyTheBackend() {
        Scenario scenario = scenario(VmType.DEFAULT);

        Scenario moved = BackendOverride.apply(scenario, backend("toy", Set.of(VmType.DEFAULT)));

        assertEquals(new MachineSpec("toy", VmType.DEFAULT, 2, 1, false, 42, 500, MACHINE), moved.machine());
        assertEquals(new Scenario(scenario.file(), moved.machine(), scenario.drivers(), scenario.programs(),
                scenario.handlers(), scenario.events(), scenario.run(), scenario.expectations()), moved);
    }

    @Test
    void refusesABackendThatCannotRunTheVmType() {
        InputException e = assertThrows(InputException.class,
                () -> BackendOverride.apply(scenario(VmType.TD), backend("toy", Set.of(VmType.DEFAULT))));

        assertEquals("t.scenario:3:1: backend 'toy' (from --backend) cannot run vm=td; it runs vm=default",
                e.getMessage());
    }

    private static Scenario scenario(VmType vm) {
        return new Scenario("t.scenario", new MachineSpec("vmx", vm, 2, 1, false, 42, 500, MACHINE), List.of(),
                List.of(), List.of(), List.of(),
                new RunSpec(RunSpec.DEFAULT_UNTIL_NS, RunSpec.DEFAULT_MAX_EVENTS, new Location("t.scenario", 9, 1)),
                List.of());
    }

    private static BackendProvider backend(String name, Set<VmType> vmTypes) {
        return new BackendProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int spiVersion() {
                return SpiVersion.CURRENT;
            }

            @Override
            public Set<VmType> vmTypes() {
                return vmTypes;
            }

            @Override
            public X86Ops create() {
                throw new UnsupportedOperationException("not used");
            }
        };
    }
}
