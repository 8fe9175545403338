package org.kvmemu.launcher;

import java.util.stream.Collectors;
import org.kvmemu.api.scenario.MachineSpec;
import org.kvmemu.api.scenario.Scenario;
import org.kvmemu.api.spi.BackendProvider;

/** {@code run --backend NAME}: the same scenario on another backend. */
final class BackendOverride {

    private BackendOverride() {
    }

    /**
     * {@code scenario} with its {@code machine backend=} replaced by {@code backend}.
     *
     * @throws InputException when the backend cannot run the scenario's VM type
     */
    static Scenario apply(Scenario scenario, BackendProvider backend) {
        MachineSpec machine = scenario.machine();
        if (!backend.vmTypes().contains(machine.vm())) {
            throw new InputException(machine.location() + ": backend '" + backend.name() + "' (from --backend) cannot"
                    + " run vm=" + machine.vm().scenarioName() + "; it runs vm="
                    + backend.vmTypes().stream().sorted().map(type -> type.scenarioName())
                            .collect(Collectors.joining(", vm=")));
        }
        MachineSpec moved = machine.withBackend(backend.name());
        return new Scenario(scenario.file(), moved, scenario.drivers(), scenario.programs(), scenario.handlers(),
                scenario.events(), scenario.run(), scenario.expectations());
    }
}
