package org.kvmemu.api.scenario;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.kvmemu.api.spi.Refusal;
import org.kvmemu.api.spi.VmConfig;
import org.kvmemu.api.spi.VmType;

/**
 * {@code machine backend=NAME [vm=default|td] [vcpus=N] [pcpus=N] [apicv=on|off] [ipiv=on|off]
 * [seed=N] [timer-advance=DUR] [halt-poll=DUR] [fastpath=on|off] [tdx-variant=final|v1]}.
 * {@code fastpath} is a backend option (the VMX exit fastpaths, on by default). {@code halt-poll} is KVM's
 * {@code halt_poll_ns} (default 200us, 0 turns halt polling off). {@code tdx-variant} (TDs only) is a
 * backend option: it reaches the backend in the machine's {@code VmConfig}. A machine the backend
 * refuses ({@code BackendProvider.refuse}) is an error at the key the refusal names.
 */
final class ParseMachine {

    private ParseMachine() {
    }

    /** The largest {@code halt_poll_ns}, a {@code uint}. */
    private static final long MAX_HALT_POLL_NS = 0xffffffffL;

    /** The backend option {@code fastpath}: the VMX exit fastpaths on (default) or off. */
    static final String FASTPATH = "fastpath";

    /** The backend option {@code tdx-variant}. */
    static final String TDX_VARIANT = "tdx-variant";

    /**
     * The machine of {@code line}, whose backend must be installed and able to run its VM type;
     * {@code override}, when not null, replaces the backend and (unless its VM type is null) the VM
     * type the line names (as {@code kvmemu compare} runs a file on each backend).
     */
    static MachineSpec parse(ParseLine line, ParsePlugins plugins, MachineOverride override)
            throws ScenarioException {
        ParseForm form = new ParseForm(line, "machine", line.first(), line.tokens().subList(1, line.tokens().size()));
        ParseArgs args = form.onlyArgs("backend", "vm", "vcpus", "pcpus", "apicv", "ipiv", "seed", "timer-advance",
                "halt-poll", FASTPATH, TDX_VARIANT);
        LexToken backend = args.required("backend");
        String backendName = override == null ? backend.text() : override.backend();
        Set<VmType> types = plugins.backendVmTypes(line, override == null ? backend
                : new LexToken(backendName, backend.column(), backend.end(), false));
        VmType vm = override == null || override.vm() == null ? vmType(line, args) : override.vm();
        if (!types.contains(vm)) {
            throw line.backendRefuses(args.optional("vm").orElse(backend),
                    "backend '" + backendName + "' cannot run vm=" + vm.scenarioName());
        }
        Map<String, String> options = new LinkedHashMap<>();
        if (args.has(TDX_VARIANT)) {
            LexToken variant = args.required(TDX_VARIANT);
            if (vm != VmType.TD) {
                throw line.error(variant, "tdx-variant is only for TDs (machine vm=td)");
            }
            options.put(TDX_VARIANT, ParseValues.oneOf(line, variant, "bad tdx-variant", List.of("final", "v1")));
        }
        if (args.has(FASTPATH)) {
            options.put(FASTPATH,
                    ParseValues.oneOf(line, args.required(FASTPATH), "bad fastpath", List.of("on", "off")));
        }
        int vcpus = cpus(line, args, "vcpus", 1);
        int pcpus = cpus(line, args, "pcpus", vcpus);
        boolean apicv = onOff(line, args, "apicv", true);
        boolean ipiv = onOff(line, args, "ipiv", false);
        long seed = args.has("seed") ? ParseValues.unsigned64(line, args.required("seed")) : 0;
        MachineSpec machine = new MachineSpec(backendName, vm, vcpus, pcpus, apicv, ipiv, seed,
                args.duration("timer-advance", 0), haltPoll(line, args), options, line.location());
        Optional<Refusal> refusal = plugins.backendRefusal(backendName, machine.vmConfig());
        if (refusal.isPresent()) {
            throw line.backendRefuses(args.optional(refusal.get().key()).orElse(backend),
                    "backend '" + backendName + "' refuses this machine: " + refusal.get().message());
        }
        return machine;
    }

    /** {@code halt-poll=DUR}: {@code halt_poll_ns}, an unsigned int of ns. */
    private static long haltPoll(ParseLine line, ParseArgs args) throws ScenarioException {
        long ns = args.duration("halt-poll", VmConfig.HALT_POLL_NS_DEFAULT);
        if (ns > MAX_HALT_POLL_NS) {
            throw line.error(args.required("halt-poll"), "halt-poll above " + MAX_HALT_POLL_NS
                    + "ns (halt_poll_ns is an unsigned int)");
        }
        return ns;
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
