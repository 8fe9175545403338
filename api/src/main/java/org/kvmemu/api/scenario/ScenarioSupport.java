package org.kvmemu.api.scenario;

import org.kvmemu.api.guest.DeliveryMode;
import org.kvmemu.api.guest.Instruction;

/**
 * What this version of the model does not run yet, refused before anything runs with the
 * statement's location, so that no run pretends to model more than it does. Each entry names the
 * issue that brings it.
 */
final class ScenarioSupport {

    private ScenarioSupport() {
    }

    /**
     * Refuses {@code s} if it uses something not modelled yet.
     *
     * @param source the scenario's text, for the offending line under the message (may be empty)
     */
    static void check(Scenario s, String source) throws ScenarioException {
        for (VcpuProgram p : s.programs()) {
            for (Instruction insn : p.instructions()) {
                if (insn instanceof Instruction.Ipi ipi && !modelled(ipi.mode())) {
                    refuse(p.location(), source, "IPIs with mode=" + ipi.mode().scenarioName());
                }
            }
        }
        for (TimedEvent t : s.events()) {
            HostEvent e = t.event();
            if (e instanceof HostEvent.Msi msi && !modelled(msi.mode())) {
                refuse(t.location(), source, "MSIs with mode=" + msi.mode().scenarioName());
            }
        }
    }

    private static boolean modelled(DeliveryMode mode) {
        return true;
    }

    private static void refuse(Location at, String source, String what) throws ScenarioException {
        String[] lines = source.split("\n", -1);
        String line = at.line() - 1 < lines.length ? lines[at.line() - 1] : null;
        throw new ScenarioException(at, "not modelled yet: " + what
                + " (see docs/model-choices.md, 'Not yet modelled')", line);
    }
}
