package org.kvmemu.api.scenario;

import java.util.List;
import org.kvmemu.api.apic.DeliveryMode;

/**
 * The {@code mode=} and {@code vector=} arguments shared by {@code ipi} and {@code msi}:
 * {@code fixed|lowest|nmi|smi|init|sipi}, and a vector that fixed, lowest and sipi need.
 */
final class ParseDelivery {

    /** The modes a scenario may name, in the order messages list them. */
    private static final List<DeliveryMode> MODES = List.of(DeliveryMode.FIXED, DeliveryMode.LOWEST,
            DeliveryMode.NMI, DeliveryMode.SMI, DeliveryMode.INIT, DeliveryMode.STARTUP);

    private ParseDelivery() {
    }

    /** The {@code mode=} argument; {@code fixed} when absent. */
    static DeliveryMode mode(ParseLine line, ParseArgs args) throws ScenarioException {
        if (!args.has("mode")) {
            return DeliveryMode.FIXED;
        }
        List<String> names = MODES.stream().map(DeliveryMode::scenarioName).toList();
        String name = ParseValues.oneOf(line, args.required("mode"), "bad mode", names);
        return MODES.get(names.indexOf(name));
    }

    /**
     * The {@code vector=} argument: required when {@code mode} needs a vector; otherwise checked
     * when given, and 0.
     */
    static int vector(ParseForm form, ParseArgs args, DeliveryMode mode) throws ScenarioException {
        if (mode.needsVector() && !args.has("vector")) {
            throw form.line().error(form.head(), "missing key 'vector' for " + form.name()
                    + " (mode " + mode.scenarioName() + " needs a vector)");
        }
        if (!args.has("vector")) {
            return 0;
        }
        int vector = args.vector("vector");
        return mode.needsVector() ? vector : 0;
    }
}
