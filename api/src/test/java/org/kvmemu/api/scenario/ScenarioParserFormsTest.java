package org.kvmemu.api.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kvmemu.api.apic.DeliveryMode;
import org.kvmemu.api.apic.Shorthand;
import org.kvmemu.api.apic.TimerMode;
import org.kvmemu.api.guest.Instruction;
import org.kvmemu.api.kvm.Errno;
import org.kvmemu.api.spi.VmType;
import org.kvmemu.api.vmm.VcpuIoctl;

class ScenarioParserFormsTest {

    /** A hand-written catalog: backends by VM types, drivers by keys. */
    record Catalog(Map<String, Set<VmType>> backends, Map<String, Set<String>> drivers) implements PluginCatalog {

        /** vmx runs ordinary VMs, tdx both; the tdx-event-notify driver takes mode, vector and cpu. */
        static Catalog standard() {
            return new Catalog(Map.of("vmx", Set.of(VmType.DEFAULT), "tdx", Set.of(VmType.DEFAULT, VmType.TD)),
                    Map.of("tdx-event-notify", Set.of("mode", "vector", "cpu")));
        }

        @Override
        public SortedSet<String> backendNames() {
            return new TreeSet<>(backends.keySet());
        }

        @Override
        public Optional<Set<VmType>> backendVmTypes(String name) {
            return Optional.ofNullable(backends.get(name));
        }

        @Override
        public SortedSet<String> driverNames() {
            return new TreeSet<>(drivers.keySet());
        }

        @Override
        public Optional<Set<String>> driverKeys(String name) {
            return Optional.ofNullable(drivers.get(name));
        }
    }

    private static final String TD = "machine backend=tdx vm=td vcpus=4 pcpus=2\n";

    private static Scenario parse(String text) throws ScenarioException {
        return new ScenarioParser(Catalog.standard()).parse("t.scenario", text);
    }

    private static Instruction instruction(String written) throws ScenarioException {
        return parse(TD + "vcpu 0: " + written).programs().get(0).instructions().get(0);
    }

    private static HostEvent event(String written) throws ScenarioException {
        return parse(TD + "at 0 " + written).events().get(0).event();
    }

    private static Expectation expectation(String written) throws ScenarioException {
        return parse(TD + "expect " + written).expectations().get(0);
    }

    @Test
    void machineDefaults() throws ScenarioException {
        Scenario s = parse("machine backend=vmx\n");
        assertEquals(new MachineSpec("vmx", VmType.DEFAULT, 1, 1, true, 0, 0, new Location("t.scenario", 1, 1)),
                s.machine());
        assertEquals(new RunSpec(RunSpec.DEFAULT_UNTIL_NS, RunSpec.DEFAULT_MAX_EVENTS, s.machine().location()),
                s.run());
        assertTrue(s.drivers().isEmpty() && s.programs().isEmpty() && s.handlers().isEmpty()
                && s.events().isEmpty() && s.expectations().isEmpty());
        assertEquals("t.scenario", s.file());
    }

    @Test
    void machineWithEveryKeyInAnyOrder() throws ScenarioException {
        MachineSpec m = parse("  machine timer-advance=250ns seed=0x2a apicv=off pcpus=2 vcpus=3 vm=td backend=tdx")
                .machine();
        assertEquals(new MachineSpec("tdx", VmType.TD, 3, 2, false, 42, 250, new Location("t.scenario", 1, 3)), m);
    }

    @Test
    void machineIpivIsAnAdditionOffByDefault() throws ScenarioException {
        assertFalse(parse("machine backend=vmx\n").machine().ipiv());
        assertTrue(parse("machine backend=vmx ipiv=on\n").machine().ipiv());
        assertFalse(parse("machine ipiv=off backend=vmx\n").machine().ipiv());
    }

    @Test
    void machineHaltPollIsAnAdditionAt200usByDefault() throws ScenarioException {
        assertEquals(200_000, parse("machine backend=vmx\n").machine().vmConfig().haltPollNs());
        assertEquals(0, parse("machine backend=vmx halt-poll=0\n").machine().vmConfig().haltPollNs());
        assertEquals(50_000, parse("machine halt-poll=50us backend=vmx\n").machine().haltPollNs());
    }

    @Test
    void machineFastpathIsABackendOption() throws ScenarioException {
        assertEquals(java.util.Map.of(), parse("machine backend=vmx\n").machine().options());
        assertEquals("off", parse("machine backend=vmx fastpath=off\n").machine().vmConfig().option("fastpath")
                .orElseThrow());
    }

    @Test
    void pcpusDefaultToVcpus() throws ScenarioException {
        assertEquals(4, parse("machine backend=vmx vcpus=4").machine().pcpus());
    }

    @Test
    void guestDriverKeepsArgumentsInFileOrder() throws ScenarioException {
        DriverSpec d = parse(TD + "guest vector=0xec driver=tdx-event-notify mode=vector").drivers().get(0);
        assertEquals("tdx-event-notify", d.name());
        assertEquals(List.of("vector", "mode"), List.copyOf(d.args().keySet()));
        assertEquals(Map.of("vector", "0xec", "mode", "vector"), d.args());
        assertEquals(new Location("t.scenario", 2, 1), d.location());
        assertThrows(UnsupportedOperationException.class, () -> d.args().put("x", "y"));
    }

    static Stream<Arguments> instructions() {
        return Stream.of(
                Arguments.of("sti", new Instruction.Sti()),
                Arguments.of("cli", new Instruction.Cli()),
                Arguments.of("hlt", new Instruction.Hlt()),
                Arguments.of("sti-hlt", new Instruction.StiHlt()),
                Arguments.of("spin 5us", new Instruction.Spin(5_000)),
                Arguments.of("spin 0", new Instruction.Spin(0)),
                Arguments.of("tpr 15", new Instruction.Tpr(15)),
                Arguments.of("tpr 0x2", new Instruction.Tpr(2)),
                Arguments.of("ipi 3 vector=0x30",
                        new Instruction.Ipi(3, 0x30, DeliveryMode.FIXED, Shorthand.NONE)),
                Arguments.of("ipi shorthand=none mode=lowest vector=48 1",
                        new Instruction.Ipi(1, 48, DeliveryMode.LOWEST, Shorthand.NONE)),
                Arguments.of("ipi 0xffffffff vector=0x40",
                        new Instruction.Ipi(0xffffffff, 0x40, DeliveryMode.FIXED, Shorthand.NONE)),
                Arguments.of("ipi 2 mode=nmi", new Instruction.Ipi(2, 0, DeliveryMode.NMI, Shorthand.NONE)),
                Arguments.of("ipi 2 mode=nmi vector=0x30",
                        new Instruction.Ipi(2, 0, DeliveryMode.NMI, Shorthand.NONE)),
                Arguments.of("ipi 0 mode=smi", new Instruction.Ipi(0, 0, DeliveryMode.SMI, Shorthand.NONE)),
                Arguments.of("ipi 1 mode=init", new Instruction.Ipi(1, 0, DeliveryMode.INIT, Shorthand.NONE)),
                Arguments.of("ipi 1 mode=sipi vector=0x9a",
                        new Instruction.Ipi(1, 0x9a, DeliveryMode.STARTUP, Shorthand.NONE)),
                Arguments.of("ipi 200 vector=0x30 shorthand=self",
                        new Instruction.Ipi(200, 0x30, DeliveryMode.FIXED, Shorthand.SELF)),
                Arguments.of("ipi vector=0x30 shorthand=all",
                        new Instruction.Ipi(0, 0x30, DeliveryMode.FIXED, Shorthand.ALL)),
                Arguments.of("ipi 0 mode=nmi shorthand=others",
                        new Instruction.Ipi(0, 0, DeliveryMode.NMI, Shorthand.OTHERS)),
                Arguments.of("timer mode=oneshot vector=0xec after=10us",
                        new Instruction.Timer(TimerMode.ONESHOT, 0xec, 10_000)),
                Arguments.of("timer after=1ms vector=32 mode=periodic",
                        new Instruction.Timer(TimerMode.PERIODIC, 32, 1_000_000)),
                Arguments.of("timer mode=tsc-deadline vector=0x40 after=2s",
                        new Instruction.Timer(TimerMode.TSC_DEADLINE, 0x40, 2_000_000_000L)),
                Arguments.of("tdvmcall hlt", new Instruction.Tdvmcall("hlt", Map.of())),
                Arguments.of("tdvmcall setup-event-notify vector=0xec",
                        new Instruction.Tdvmcall("setup-event-notify", Map.of("vector", "0xec"))),
                Arguments.of("mark woke", new Instruction.Mark("woke")));
    }

    @ParameterizedTest
    @MethodSource("instructions")
    void everyInstructionParsesIntoItsRecord(String written, Instruction expected) throws ScenarioException {
        assertEquals(expected, instruction(written));
    }

    @Test
    void tdvmcallKeepsArgumentsInFileOrderUnmodifiable() throws ScenarioException {
        Instruction.Tdvmcall call = (Instruction.Tdvmcall) parse(TD + "guest driver=tdx-event-notify mode=polling\n"
                + "vcpu 0: tdvmcall get-quote size=4096 offset=0x10 buffer=3").programs().get(0).instructions().get(0);
        assertEquals(List.of("size", "offset", "buffer"), List.copyOf(call.args().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> call.args().put("x", "y"));
    }

    @ParameterizedTest
    @MethodSource("programSpellings")
    void programsSplitAtSemicolonsWhereverTheColonAndSemicolonsTouch(String line) throws ScenarioException {
        VcpuProgram p = parse(TD + line).programs().get(0);
        assertEquals(2, p.vcpu());
        assertEquals(List.of(new Instruction.Sti(), new Instruction.Spin(10_000), new Instruction.Mark("x"),
                new Instruction.Hlt()), p.instructions());
    }

    static Stream<String> programSpellings() {
        return Stream.of("vcpu 2: sti ; spin 10us ; mark x ; hlt",
                "vcpu 2:sti;spin 10us;mark x;hlt",
                "vcpu\t2 :\tsti ;spin 10us;  mark x ;hlt   # idle",
                "vcpu 0x2 :sti ; spin 10us ; mark x ; hlt");
    }

    @Test
    void programsKeepFileOrderAndEmptyProgramIsAllowed() throws ScenarioException {
        Scenario s = parse(TD + "vcpu 3: sti-hlt\n\n# comment\nvcpu 1:\n");
        assertEquals(List.of(3, 1), s.programs().stream().map(VcpuProgram::vcpu).toList());
        assertEquals(List.of(), s.programs().get(1).instructions());
        assertEquals(new Location("t.scenario", 5, 1), s.programs().get(1).location());
    }

    @Test
    void handlerDefaults() throws ScenarioException {
        assertEquals(new HandlerSpec(0x30, HandlerSpec.ALL_VCPUS, 0, true, null, new Location("t.scenario", 2, 1)),
                parse(TD + "handler 0x30").handlers().get(0));
    }

    @Test
    void handlerWithEveryKeyAndNmiAndMc() throws ScenarioException {
        List<HandlerSpec> h = parse(TD + "handler mark=in eoi=no spin=3ms vcpu=1 236\n"
                + "handler nmi spin=1us\nhandler mc vcpu=0 eoi=yes\n").handlers();
        assertEquals(new HandlerSpec(236, 1, 3_000_000, false, "in", new Location("t.scenario", 2, 1)), h.get(0));
        assertEquals(new HandlerSpec(HandlerSpec.NMI, HandlerSpec.ALL_VCPUS, 1_000, true, null,
                new Location("t.scenario", 3, 1)), h.get(1));
        assertEquals(new HandlerSpec(HandlerSpec.MC, 0, 0, true, null, new Location("t.scenario", 4, 1)), h.get(2));
    }

    @Test
    void sameVectorOnDifferentVcpusIsNotADuplicate() throws ScenarioException {
        assertEquals(3, parse(TD + "handler 0x30\nhandler 0x30 vcpu=0\nhandler 0x30 vcpu=1\n").handlers().size());
    }

    static Stream<Arguments> events() {
        return Stream.of(
                Arguments.of("ioctl interrupt vcpu=1 vector=0x20", new HostEvent.Ioctl(1, VcpuIoctl.INTERRUPT, 0x20)),
                Arguments.of("ioctl interrupt vector=32 vcpu=3", new HostEvent.Ioctl(3, VcpuIoctl.INTERRUPT, 32)),
                Arguments.of("ioctl nmi vcpu=2", new HostEvent.Ioctl(2, VcpuIoctl.NMI, 0)),
                Arguments.of("ioctl smi vcpu=0", new HostEvent.Ioctl(0, VcpuIoctl.SMI, 0)),
                Arguments.of("ioctl get-lapic vcpu=1", new HostEvent.Ioctl(1, VcpuIoctl.GET_LAPIC, 0)),
                Arguments.of("ioctl set-lapic vcpu=0", new HostEvent.Ioctl(0, VcpuIoctl.SET_LAPIC, 0)),
                Arguments.of("ioctl set-guest-debug vcpu=1 blockirq=yes", new HostEvent.Ioctl(1, VcpuIoctl.SET_GUEST_DEBUG, 1)),
                Arguments.of("ioctl set-guest-debug vcpu=0", new HostEvent.Ioctl(0, VcpuIoctl.SET_GUEST_DEBUG, 0)),
                Arguments.of("ept-violation vcpu=1", new HostEvent.EptViolation(1)),
                Arguments.of("msi dest=1 vector=0x31", new HostEvent.Msi(1, 0x31, DeliveryMode.FIXED, false)),
                Arguments.of("msi trigger=level mode=lowest vector=0x31 dest=3",
                        new HostEvent.Msi(3, 0x31, DeliveryMode.LOWEST, true)),
                Arguments.of("msi dest=0xff mode=nmi trigger=edge", new HostEvent.Msi(0xff, 0, DeliveryMode.NMI, false)),
                Arguments.of("msi dest=0 mode=smi vector=9", new HostEvent.Msi(0, 0, DeliveryMode.SMI, false)),
                Arguments.of("msi dest=0 mode=init", new HostEvent.Msi(0, 0, DeliveryMode.INIT, false)),
                Arguments.of("msi dest=2 mode=sipi vector=0x9a", new HostEvent.Msi(2, 0x9a, DeliveryMode.STARTUP, false)),
                Arguments.of("host-irq pcpu=1 vector=0xec", new HostEvent.HostIrq(1, 0xec)),
                Arguments.of("host-nmi pcpu=0", new HostEvent.HostNmi(0)),
                Arguments.of("host-smi pcpu=1", new HostEvent.HostSmi(1, false)),
                Arguments.of("host-smi msmi=yes pcpu=1", new HostEvent.HostSmi(1, true)),
                Arguments.of("host-smi pcpu=0 msmi=no", new HostEvent.HostSmi(0, false)),
                Arguments.of("machine-check vcpu=3", new HostEvent.MachineCheck(3)),
                Arguments.of("exception vcpu=1 vector=14", new HostEvent.Exception(1, 14)),
                Arguments.of("preempt for=2ms vcpu=1", new HostEvent.Preempt(1, 2_000_000)));
    }

    @ParameterizedTest
    @MethodSource("events")
    void everyEventParsesIntoItsRecord(String written, HostEvent expected) throws ScenarioException {
        assertEquals(expected, event(written));
    }

    @Test
    void eventsKeepFileOrderWithAbsoluteTimes() throws ScenarioException {
        List<TimedEvent> events = parse(TD + "at 2ms host-nmi pcpu=0\nat 5us ioctl nmi vcpu=0\nat 0 host-nmi pcpu=1\n")
                .events();
        assertEquals(List.of(2_000_000L, 5_000L, 0L), events.stream().map(TimedEvent::timeNs).toList());
        assertEquals(new Location("t.scenario", 3, 1), events.get(1).location());
    }

    @Test
    void runWithBothKeys() throws ScenarioException {
        assertEquals(new RunSpec(3_000_000, 1000, new Location("t.scenario", 2, 1)),
                parse(TD + "run max-events=1000 until=3ms").run());
    }

    @Test
    void runWithoutKeysTakesTheDefaults() throws ScenarioException {
        assertEquals(new RunSpec(RunSpec.DEFAULT_UNTIL_NS, RunSpec.DEFAULT_MAX_EVENTS, new Location("t.scenario", 2, 1)),
                parse(TD + "run").run());
    }

    static Stream<Arguments> expectations() {
        Location at = new Location("t.scenario", 2, 1);
        return Stream.of(
                Arguments.of("delivered vcpu=1 vector=0x30 count=2", new Expectation.Delivered(1, 0x30, 2, at)),
                Arguments.of("delivered count=0 vector=48 vcpu=0", new Expectation.Delivered(0, 48, 0, at)),
                Arguments.of("delivered vcpu=0 nmi count=1", new Expectation.Delivered(0, HandlerSpec.NMI, 1, at)),
                Arguments.of("delivered vcpu=0 count=1 mc", new Expectation.Delivered(0, HandlerSpec.MC, 1, at)),
                Arguments.of("mark vcpu=2 woke count=3", new Expectation.Mark(2, "woke", 3, at)),
                Arguments.of("order vcpu=0 0x30 nmi mc woke 48",
                        new Expectation.Order(0, List.of("0x30", "nmi", "mc", "woke", "48"), at)),
                Arguments.of("ioctl smi vcpu=0 result=-ENOTTY", new Expectation.Ioctl(VcpuIoctl.SMI, 0, -Errno.ENOTTY, at)),
                Arguments.of("ioctl interrupt result=0 vcpu=1", new Expectation.Ioctl(VcpuIoctl.INTERRUPT, 1, 0, at)),
                Arguments.of("ioctl nmi vcpu=1 result=-EINVAL", new Expectation.Ioctl(VcpuIoctl.NMI, 1, -Errno.EINVAL, at)),
                Arguments.of("ioctl nmi vcpu=1 result=-5", new Expectation.Ioctl(VcpuIoctl.NMI, 1, -Errno.EIO, at)),
                Arguments.of("exit vcpu=0 reason=KVM_EXIT_EXCEPTION", new Expectation.Exit(0, "KVM_EXIT_EXCEPTION", -1, at)),
                Arguments.of("exit reason=KVM_EXIT_INTR count=2 vcpu=1", new Expectation.Exit(1, "KVM_EXIT_INTR", 2, at)),
                Arguments.of("stat vcpu=0 nmi_injections=2", new Expectation.Stat(0, "nmi_injections", 2, at)),
                Arguments.of("stat irq_exits=0x10 vcpu=3", new Expectation.Stat(3, "irq_exits", 16, at)),
                Arguments.of("vm-state running", new Expectation.VmState("running", at)),
                Arguments.of("vm-state td-fatal", new Expectation.VmState("td-fatal", at)),
                Arguments.of("guest vcpu=0 if=1", new Expectation.Guest(0, "if", "1", at)),
                Arguments.of("guest halted=yes vcpu=1", new Expectation.Guest(1, "halted", "yes", at)),
                Arguments.of("guest vcpu=0 tpr=0x20", new Expectation.Guest(0, "tpr", "32", at)),
                Arguments.of("guest vcpu=0 nmi-blocked=no", new Expectation.Guest(0, "nmi-blocked", "no", at)),
                Arguments.of("guest vcpu=0 smm=yes", new Expectation.Guest(0, "smm", "yes", at)),
                Arguments.of("guest vcpu=2 mp-state=init-received", new Expectation.Guest(2, "mp-state", "init-received", at)),
                Arguments.of("trace contains \"kvm_inj_virq: irq 48\"", new Expectation.TraceContains("kvm_inj_virq: irq 48", at)),
                Arguments.of("trace contains \"a # b \\\"c\\\" \\\\d\" # comment",
                        new Expectation.TraceContains("a # b \"c\" \\d", at)),
                Arguments.of("no-violations", new Expectation.NoViolations(at)),
                Arguments.of("violation lost-interrupt", new Expectation.Violation("lost-interrupt", -1, at)),
                Arguments.of("violation smi-to-td count=0", new Expectation.Violation("smi-to-td", 0, at)));
    }

    @ParameterizedTest
    @MethodSource("expectations")
    void everyExpectationParsesIntoItsRecord(String written, Expectation expected) throws ScenarioException {
        assertEquals(expected, expectation(written));
    }

    @ParameterizedTest
    @MethodSource("knownNames")
    void everyKnownNameIsAccepted(String written) throws ScenarioException {
        assertEquals(1, parse(TD + "expect " + written).expectations().size());
    }

    static Stream<String> knownNames() {
        return Stream.of(ParseNames.EXIT_REASONS.stream().map(r -> "exit vcpu=0 reason=" + r),
                ParseNames.STATS.stream().map(n -> "stat vcpu=0 " + n + "=1"),
                ParseNames.VM_STATES.stream().map(n -> "vm-state " + n),
                ParseNames.MP_STATES.stream().map(n -> "guest vcpu=0 mp-state=" + n),
                ParseNames.VIOLATIONS.stream().map(n -> "violation " + n)).flatMap(s -> s);
    }

    @Test
    void wholeFileKeepsEveryListInFileOrder() throws ScenarioException {
        Scenario s = parse("# a TD with two vCPUs\n"
                + "machine backend=tdx vm=td vcpus=2\n"
                + "guest driver=tdx-event-notify mode=polling\n"
                + "expect no-violations\n"
                + "vcpu 1: sti-hlt\n"
                + "handler 0xec mark=notify\n"
                + "at 10us msi dest=1 vector=0xec\n"
                + "expect delivered vcpu=1 vector=0xec count=1   # once\n"
                + "at 5us host-nmi pcpu=0\n"
                + "run until=1ms\n"
                + "expect vm-state running\n");
        assertEquals(2, s.machine().vcpus());
        assertEquals(1, s.drivers().size());
        assertEquals(List.of(Expectation.NoViolations.class, Expectation.Delivered.class, Expectation.VmState.class),
                s.expectations().stream().map(Object::getClass).toList());
        assertEquals(List.of(4, 8, 11), s.expectations().stream().map(e -> e.location().line()).toList());
        assertEquals(List.of(HostEvent.Msi.class, HostEvent.HostNmi.class),
                s.events().stream().map(e -> e.event().getClass()).toList());
        assertEquals(1_000_000, s.run().untilNs());
        assertThrows(UnsupportedOperationException.class, () -> s.expectations().clear());
    }

    @Test
    void windowsLineEndingsAndAByteOrderMarkAreAccepted() throws ScenarioException {
        Scenario s = parse("\uFEFFmachine backend=vmx vcpus=2\r\nvcpu 1: hlt\r\n");
        assertEquals(2, s.machine().vcpus());
        assertEquals(new Location("t.scenario", 2, 1), s.programs().get(0).location());
    }
}
