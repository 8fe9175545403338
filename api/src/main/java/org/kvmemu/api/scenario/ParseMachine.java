package org.kvmemu.api.scenario;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.kvmemu.api.spi.VmType;

/**
 * {@code machine backend=NAME [vm=default|td] [vcpus=N] [pcpus=N] [apicv=on|off] [ipiv=on|off]
 * [seed=N] [timer-advance=DUR]}.
 */
final class ParseMachine {

    private ParseMachine() {
    }

    /** The machine of {@code line}, whose backend must be installed and able to run its VM type. */
    static MachineSpec parse(ParseLine line, ParsePlugins plugins) throws ScenarioException {
        ParseForm form = new ParseForm(line, "machine", line.first(), line.tokens().subList(1, line.tokens().size()));
        ParseArgs args = form.onlyArgs("backend", "vm", "vcpus", "pcpus", "apicv", "ipiv", "seed", "timer-advance");
        LexToken backend = args.required("backend");
        Set<VmType> types = plugins.backendVmTypes(line, backend);
        VmType vm = vmType(line, args);
        if (!types.contains(vm)) {
            throw line.error(args.optional("vm").orElse(backend),
                    "backend '" + backend.text() + "' cannot run vm=" + vm.scenarioName());
        }
        int vcpus = cpus(line, args, "vcpus", 1);
        int pcpus = cpus(line, args, "pcpus", vcpus);
        boolean apicv = onOff(line, args, "apicv", true);
        boolean ipiv = onOff(line, args, "ipiv", false);
        return new MachineSpec(backend.text(), vm, vcpus, pcpus, apicv, ipiv, args.number("seed", 0),
                args.duration("timer-advance", 0), java.util.Map.of(), line.location());
    }

    private static boolean onOff(ParseLine line, ParseArgs args, String key, boolean absent) throws ScenarioException {
        return args.has(key) ? ParseValues.oneOf(line, args.required(key), "bad " + key, List.of("on", "off"))
                .equals("on") : absent;
    }

    private static VmType vmType(ParseLine line, ParseArgs args) throws ScenarioException {
        if (!args.has("vm")) {
            return VmType.DEFAULT;
        }
        List<String> names = Arrays.stream(VmType.values()).map(VmType::scenarioName).toList();
        String name = ParseValues.oneOf(line, args.required("vm"), "bad vm", names);
        return VmType.values()[names.indexOf(name)];
    }

    private static int cpus(ParseLine line, ParseArgs args, String key, int absent) throws ScenarioException {
        return args.has(key) ? (int) ParseValues.inRange(line, args.required(key), key, 1, MachineSpec.MAX_VCPUS) : absent;
    }
}
