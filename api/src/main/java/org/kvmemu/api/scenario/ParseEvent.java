package org.kvmemu.api.scenario;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kvmemu.api.apic.DeliveryMode;
import org.kvmemu.api.vmm.VcpuIoctl;

/**
 * {@code at TIME EVENT [key=value ...]}: the host, userspace and device events. {@link #FORMS} is
 * the one table of event names and their parsers; what each event does is its
 * {@link HostEvent#happen}.
 */
final class ParseEvent {

    /** How one event is parsed from its name token and the tokens after it. */
    private interface Form {
        HostEvent parse(ParseEvent p, LexToken head, List<LexToken> rest) throws ScenarioException;
    }

    /** How an event that takes only words and {@code key=value} arguments is parsed. */
    private interface ArgsForm {
        HostEvent parse(ParseEvent p, ParseForm form) throws ScenarioException;
    }

    private static Form args(ArgsForm f) {
        return (p, head, rest) -> f.parse(p, new ParseForm(p.line, head.text(), head, rest));
    }

    /** The pins of userspace's I/O APIC. */
    private static final int IOAPIC_PINS = 24;
    /** Every event, by name, in the order messages list them. */
    private static final Map<String, Form> FORMS = forms();

    private final ParseLine line;
    private final ParseIds ids;

    private ParseEvent(ParseLine line, ParseIds ids) {
        this.line = line;
        this.ids = ids;
    }

    private static Map<String, Form> forms() {
        Map<String, Form> forms = new LinkedHashMap<>();
        forms.put("ioctl", (p, head, rest) -> p.ioctl(head, rest));
        forms.put("msi", args((p, form) -> p.msi(form)));
        forms.put("ioapic-irq", args((p, form) -> p.ioapicIrq(form)));
        forms.put("host-irq", args((p, form) -> {
            ParseArgs args = form.onlyArgs("pcpu", "vector");
            return new HostEvent.HostIrq(p.ids.pcpu(p.line, args.required("pcpu")), args.vector("vector"));
        }));
        forms.put("host-nmi", args((p, form) -> new HostEvent.HostNmi(p.ids.pcpu(p.line,
                form.onlyArgs("pcpu").required("pcpu")))));
        forms.put("host-smi", args((p, form) -> {
            ParseArgs args = form.onlyArgs("pcpu", "msmi");
            return new HostEvent.HostSmi(p.ids.pcpu(p.line, args.required("pcpu")), args.yesNo("msmi", false));
        }));
        forms.put("machine-check", args((p, form) -> new HostEvent.MachineCheck(p.vcpu(form.onlyArgs("vcpu")))));
        forms.put("exception", args((p, form) -> {
            ParseArgs args = form.onlyArgs("vcpu", "vector");
            return new HostEvent.Exception(p.vcpu(args), args.vector("vector"));
        }));
        forms.put("preempt", args((p, form) -> {
            ParseArgs args = form.onlyArgs("vcpu", "for");
            return new HostEvent.Preempt(p.vcpu(args), ParseValues.duration(p.line, args.required("for")));
        }));
        forms.put("ept-violation", args((p, form) -> new HostEvent.EptViolation(p.vcpu(form.onlyArgs("vcpu")))));
        return forms;
    }

    /** The event names, in the order messages list them. */
    static List<String> names() {
        return List.copyOf(FORMS.keySet());
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
                    + String.join(", ", names()) + ")");
        }
        LexToken head = tokens.get(2);
        Form form = FORMS.get(head.text());
        if (form == null) {
            throw line.error(head, "unknown event '" + head.text() + "' (expected: " + String.join(", ", names())
                    + ")");
        }
        List<LexToken> rest = tokens.subList(3, tokens.size());
        ParseEvent p = new ParseEvent(line, ids);
        return new TimedEvent(time, form.parse(p, head, rest), line.location());
    }

    private int vcpu(ParseArgs args) throws ScenarioException {
        return ids.vcpu(line, args.required("vcpu"));
    }

    /** {@code ioctl KIND vcpu=ID}, with {@code vector=} for interrupt and {@code blockirq=} for set-guest-debug. */
    private HostEvent ioctl(LexToken head, List<LexToken> tokens) throws ScenarioException {
        if (tokens.isEmpty()) {
            throw line.errorAtEnd("missing ioctl kind (expected: " + String.join(", ", VcpuIoctl.NAMES) + ")");
        }
        VcpuIoctl kind = VcpuIoctl.named(ParseValues.oneOf(line, tokens.get(0), "unknown ioctl", VcpuIoctl.NAMES))
                .orElseThrow();
        ParseForm rest = new ParseForm(line, "ioctl " + kind.scenarioName(), head, tokens.subList(1, tokens.size()));
        ParseArgs args = switch (kind) {
            case INTERRUPT -> rest.onlyArgs("vcpu", "vector");
            case SET_GUEST_DEBUG -> rest.onlyArgs("vcpu", "blockirq");
            case NMI, SMI, GET_LAPIC, SET_LAPIC -> rest.onlyArgs("vcpu");
        };
        int vcpu = vcpu(args);
        int arg = switch (kind) {
            case INTERRUPT -> args.vector("vector");
            case SET_GUEST_DEBUG -> args.yesNo("blockirq", false) ? 1 : 0;
            case NMI, SMI, GET_LAPIC, SET_LAPIC -> 0;
        };
        return new HostEvent.Ioctl(vcpu, kind, arg);
    }

    /** {@code ioapic-irq pin=N dest=APICID vector=V [trigger=edge|level]}; pins 0..23, vectors 0x10..0xff. */
    private HostEvent ioapicIrq(ParseForm form) throws ScenarioException {
        ParseArgs args = form.onlyArgs("pin", "dest", "vector", "trigger");
        int pin = (int) ParseValues.inRange(line, args.required("pin"), "pin", 0, IOAPIC_PINS - 1);
        int dest = ids.msiDestination(line, args.required("dest"));
        int vector = args.vector("vector");
        return new HostEvent.IoapicIrq(pin, dest, vector, level(args));
    }

    private boolean level(ParseArgs args) throws ScenarioException {
        return args.has("trigger")
                && ParseValues.oneOf(line, args.required("trigger"), "bad trigger", List.of("edge", "level"))
                        .equals("level");
    }

    private HostEvent msi(ParseForm form) throws ScenarioException {
        ParseArgs args = form.onlyArgs("dest", "vector", "mode", "trigger");
        int dest = ids.msiDestination(line, args.required("dest"));
        DeliveryMode mode = ParseDelivery.mode(line, args);
        int vector = ParseDelivery.vector(form, args, mode);
        return new HostEvent.Msi(dest, vector, mode, level(args));
    }
}
