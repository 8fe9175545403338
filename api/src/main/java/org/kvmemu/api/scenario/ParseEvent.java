package org.kvmemu.api.scenario;

import java.util.List;
import org.kvmemu.api.apic.DeliveryMode;

/** {@code at TIME EVENT [key=value ...]}: the host, userspace and device events. */
final class ParseEvent {

    private static final List<String> EVENTS = List.of("ioctl", "msi", "host-irq", "host-nmi", "host-smi",
            "machine-check", "exception", "preempt", "ept-violation");

    private final ParseLine line;
    private final ParseIds ids;

    private ParseEvent(ParseLine line, ParseIds ids) {
        this.line = line;
        this.ids = ids;
    }

    /** The {@code at} statement on {@code line}. */
    static TimedEvent parse(ParseLine line, ParseIds ids) throws ScenarioException {
        List<LexToken> tokens = line.tokens();
        if (tokens.size() < 2) {
            throw line.errorAtEnd("missing time for at (expected 'at TIME EVENT ...')");
        }
        long time = ParseValues.duration(line, tokens.get(1));
        if (tokens.size() < 3) {
            throw line.errorAtEnd("missing event after at " + tokens.get(1).text() + " (expected: "
                    + String.join(", ", EVENTS) + ")");
        }
        return new TimedEvent(time, new ParseEvent(line, ids).event(tokens.get(2), tokens.subList(3, tokens.size())),
                line.location());
    }

    private HostEvent event(LexToken head, List<LexToken> rest) throws ScenarioException {
        String name = head.text();
        if (name.equals("ioctl")) {
            return ioctl(head, rest);
        }
        ParseForm form = new ParseForm(line, name, head, rest);
        return switch (name) {
            case "msi" -> msi(form);
            case "host-irq" -> {
                ParseArgs args = form.onlyArgs("pcpu", "vector");
                yield new HostEvent.HostIrq(ids.pcpu(line, args.required("pcpu")), args.vector("vector"));
            }
            case "host-nmi" -> new HostEvent.HostNmi(ids.pcpu(line, form.onlyArgs("pcpu").required("pcpu")));
            case "host-smi" -> {
                ParseArgs args = form.onlyArgs("pcpu", "msmi");
                yield new HostEvent.HostSmi(ids.pcpu(line, args.required("pcpu")), args.yesNo("msmi", false));
            }
            case "machine-check" -> new HostEvent.MachineCheck(ids.vcpu(line, form.onlyArgs("vcpu").required("vcpu")));
            case "exception" -> {
                ParseArgs args = form.onlyArgs("vcpu", "vector");
                yield new HostEvent.Exception(ids.vcpu(line, args.required("vcpu")), args.vector("vector"));
            }
            case "preempt" -> {
                ParseArgs args = form.onlyArgs("vcpu", "for");
                LexToken vcpu = args.required("vcpu");
                yield new HostEvent.Preempt(ids.vcpu(line, vcpu), ParseValues.duration(line, args.required("for")));
            }
            case "ept-violation" -> new HostEvent.EptViolation(ids.vcpu(line, form.onlyArgs("vcpu").required("vcpu")));
            default -> throw line.error(head, "unknown event '" + head.text() + "' (expected: "
                    + String.join(", ", EVENTS) + ")");
        };
    }

    private HostEvent ioctl(LexToken head, List<LexToken> rest) throws ScenarioException {
        if (rest.isEmpty()) {
            throw line.errorAtEnd("missing ioctl kind (expected: " + String.join(", ", ParseNames.IOCTL_KINDS) + ")");
        }
        String kind = ParseValues.oneOf(line, rest.get(0), "unknown ioctl", ParseNames.IOCTL_KINDS);
        ParseForm form = new ParseForm(line, "ioctl " + kind, head, rest.subList(1, rest.size()));
        if (kind.equals("interrupt")) {
            ParseArgs args = form.onlyArgs("vcpu", "vector");
            return new HostEvent.IoctlInterrupt(ids.vcpu(line, args.required("vcpu")), args.vector("vector"));
        }
        if (kind.equals("set-guest-debug")) {
            ParseArgs args = form.onlyArgs("vcpu", "blockirq");
            return new HostEvent.IoctlSetGuestDebug(ids.vcpu(line, args.required("vcpu")),
                    args.yesNo("blockirq", false));
        }
        int vcpu = ids.vcpu(line, form.onlyArgs("vcpu").required("vcpu"));
        return switch (kind) {
            case "nmi" -> new HostEvent.IoctlNmi(vcpu);
            case "smi" -> new HostEvent.IoctlSmi(vcpu);
            case "get-lapic" -> new HostEvent.IoctlGetLapic(vcpu);
            default -> new HostEvent.IoctlSetLapic(vcpu);
        };
    }

    private HostEvent msi(ParseForm form) throws ScenarioException {
        ParseArgs args = form.onlyArgs("dest", "vector", "mode", "trigger");
        int dest = ids.apicId(line, args.required("dest"), true);
        DeliveryMode mode = ParseDelivery.mode(line, args);
        int vector = ParseDelivery.vector(form, args, mode);
        boolean level = args.has("trigger")
                && ParseValues.oneOf(line, args.required("trigger"), "bad trigger", List.of("edge", "level"))
                        .equals("level");
        return new HostEvent.Msi(dest, vector, mode, level);
    }
}
