package org.kvmemu.api.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kvmemu.api.guest.Ghci;
import org.kvmemu.api.guest.Instruction;

/**
 * The TD guest's forms (docs/event-notify.md §N.2 to §N.6): what each parses into, and every error
 * the scenario language (event-notify.md §N.7) names, with its file, line, column.
 */
class TdGuestFormsTest {

    private static final String TD = "machine backend=tdx vm=td vcpus=4\n";
    private static final String VMX = "machine backend=vmx vcpus=2\n";
    private static final String DRIVER = TD + "guest driver=tdx-event-notify mode=vector\n";

    private static Scenario parse(String text) throws ScenarioException {
        return new ScenarioParser(ScenarioParserFormsTest.Catalog.standard()).parse("s.scenario", text);
    }

    private static String error(String text) {
        ScenarioException e = assertThrows(ScenarioException.class, () -> parse(text));
        return e.getMessage().lines().findFirst().orElseThrow();
    }

    /** §N.4.5: the vmm statement's settings become normalized vmm.KEY options of the machine. */
    @Test
    void vmmSettingsAreMachineOptions() throws ScenarioException {
        Scenario s = parse(TD + "vmm delay=5s,2ms,never fail=every-3 timeout=never notify=no quote-size=0x100 "
                + "out-len=9000 quote-service=off\n");
        assertEquals(Map.of("vmm.delay", "5000000000,2000000,never", "vmm.fail", "every-3", "vmm.timeout", "never",
                "vmm.notify", "no", "vmm.quote-size", "256", "vmm.out-len", "9000", "vmm.quote-service", "off"),
                s.machine().vmConfig().options());
    }

    /** §N.5: quote-wait's defaults; tdvmcall keeps its arguments as written. */
    @Test
    void quoteWaitAndTdvmcallParse() throws ScenarioException {
        List<Instruction> program = parse(DRIVER + "vcpu 1: quote-wait ; quote-wait buffer=7 signal-after=2s ; "
                + "tdvmcall get-quote size=0xFFFFFFFFFFFFFFFF in-len=0xFFFFFFFF shared=no\n").programs().get(0)
                .instructions();
        assertEquals(new Instruction.QuoteWait(0, Instruction.QuoteWait.NO_SIGNAL), program.get(0));
        assertEquals(new Instruction.QuoteWait(7, 2_000_000_000L), program.get(1));
        assertEquals(new Instruction.Tdvmcall("get-quote", Map.of("size", "0xFFFFFFFFFFFFFFFF", "in-len",
                "0xFFFFFFFF", "shared", "no")), program.get(2));
    }

    /** §N.6: the five expectations parse into their records. */
    @Test
    void expectationsParse() throws ScenarioException {
        List<Expectation> e = parse(DRIVER + "expect quote vcpu=1 result=-ETIMEDOUT count=2 bytes=0 from=1s until=2s\n"
                + "expect quote-status buffer=3 IN_FLIGHT\nexpect quote-status 0x8000000000000001\n"
                + "expect notify vcpu=0 count=1\n"
                + "expect tdvmcall get-td-vmcall-info vcpu=2 status=TDG_VP_VMCALL_SUCCESS r11=0x2 count=1\n"
                + "expect vmm-stat notify_msis=3\n").expectations();
        assertEquals(-110, ((Expectation.Quote) e.get(0)).result());
        assertEquals(1_000_000_000L, ((Expectation.Quote) e.get(0)).fromNs());
        assertEquals(new Expectation.QuoteStatus(3, Ghci.QUOTE_IN_FLIGHT, e.get(1).location()), e.get(1));
        assertEquals(Ghci.QUOTE_SERVICE_UNAVAILABLE, ((Expectation.QuoteStatus) e.get(2)).status());
        assertEquals(new Expectation.Notify(0, 1, e.get(3).location()), e.get(3));
        Expectation.Tdvmcall t = (Expectation.Tdvmcall) e.get(4);
        assertEquals(Arrays.asList(2L, null, null, null), t.outputs());
        assertEquals(Ghci.SUCCESS, t.status());
        assertEquals(new Expectation.VmmStat("notify_msis", 3, e.get(5).location()), e.get(5));
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                // outside a TD
                Arguments.of(VMX + "vmm delay=1s", "s.scenario:2:1: vmm is only for TDs (machine vm=td)"),
                Arguments.of(VMX + "vcpu 0: quote-wait", "s.scenario:2:9: quote-wait is only for TDs (machine vm=td)"),
                Arguments.of(VMX + "guest driver=tdx-event-notify mode=polling",
                        "s.scenario:2:7: driver tdx-event-notify is only for TDs (machine vm=td)"),
                Arguments.of(VMX + "expect quote vcpu=0 result=0", "s.scenario:2:8: expect quote is only for TDs (machine vm=td)"),
                Arguments.of(VMX + "expect quote-status SUCCESS",
                        "s.scenario:2:8: expect quote-status is only for TDs (machine vm=td)"),
                Arguments.of(VMX + "expect notify vcpu=0 count=0", "s.scenario:2:8: expect notify is only for TDs (machine vm=td)"),
                Arguments.of(VMX + "expect tdvmcall hlt vcpu=0", "s.scenario:2:8: expect tdvmcall is only for TDs (machine vm=td)"),
                Arguments.of(VMX + "expect vmm-stat quote_requests=0",
                        "s.scenario:2:8: expect vmm-stat is only for TDs (machine vm=td)"),
                // the driver missing, wherever it would have been
                Arguments.of(TD + "vcpu 0: sti ; tdvmcall get-quote size=4096",
                        "s.scenario:2:15: tdvmcall get-quote needs guest driver=tdx-event-notify"),
                Arguments.of(TD + "vcpu 0: quote-wait", "s.scenario:2:9: quote-wait needs guest driver=tdx-event-notify"),
                Arguments.of(TD + "expect quote vcpu=0 result=0",
                        "s.scenario:2:8: expect quote needs guest driver=tdx-event-notify"),
                Arguments.of(TD + "expect quote-status SUCCESS",
                        "s.scenario:2:8: expect quote-status needs guest driver=tdx-event-notify"),
                Arguments.of(TD + "expect notify vcpu=0 count=0",
                        "s.scenario:2:8: expect notify needs guest driver=tdx-event-notify"),
                // twice
                Arguments.of(TD + "vmm\nvmm notify=no", "s.scenario:3:1: second vmm statement (the first is at line 2)"),
                Arguments.of(DRIVER + "guest driver=tdx-event-notify mode=polling",
                        "s.scenario:3:1: driver tdx-event-notify is already loaded (line 2)"),
                // driver keys
                Arguments.of(TD + "guest driver=tdx-event-notify",
                        "s.scenario:2:1: missing key 'mode' for driver tdx-event-notify"),
                Arguments.of(TD + "guest driver=tdx-event-notify mode=x",
                        "s.scenario:2:36: bad mode 'x' (expected: vector, apic-id, polling)"),
                Arguments.of(TD + "guest driver=tdx-event-notify mode=polling vector=0x40",
                        "s.scenario:2:44: vector= is only for mode=vector or mode=apic-id"),
                Arguments.of(TD + "guest driver=tdx-event-notify mode=vector cpu=1",
                        "s.scenario:2:43: cpu= is only for mode=apic-id"),
                Arguments.of(TD + "guest driver=tdx-event-notify mode=vector vector=0x10",
                        "s.scenario:2:50: vector 0x10 is below 32 (driver tdx-event-notify needs 32..255)"),
                Arguments.of(TD + "guest driver=tdx-event-notify mode=apic-id cpu=4",
                        "s.scenario:2:48: vcpu 4 out of range (machine has 4 vcpus)"),
                // a handler on the driver's vector
                Arguments.of(TD + "handler 0xec vcpu=2\nguest driver=tdx-event-notify mode=vector",
                        "s.scenario:2:9: vector 0xec belongs to driver tdx-event-notify on vcpu 2"),
                Arguments.of(TD + "guest driver=tdx-event-notify mode=apic-id cpu=3\nhandler 0xec",
                        "s.scenario:3:9: vector 0xec belongs to driver tdx-event-notify on vcpu 3"),
                // tdvmcall names and keys
                Arguments.of(DRIVER + "vcpu 0: tdvmcall x",
                        "s.scenario:3:18: unknown TDVMCALL 'x' (expected: hlt, setup-event-notify, get-td-vmcall-info, "
                                + "get-quote)"),
                Arguments.of(DRIVER + "vcpu 0: tdvmcall get-quote", "s.scenario:3:9: missing key 'size' for tdvmcall get-quote"),
                Arguments.of(DRIVER + "vcpu 0: tdvmcall get-quote size=4096 x=1",
                        "s.scenario:3:38: unknown key 'x' for tdvmcall get-quote (expected: buffer, in-len, offset, shared, "
                                + "size, version)"),
                // ranges
                Arguments.of(DRIVER + "vcpu 0: tdvmcall get-quote size=4096 buffer=300",
                        "s.scenario:3:45: buffer 300 out of range (0..255)"),
                Arguments.of(DRIVER + "vcpu 0: tdvmcall get-quote size=4096 offset=0x1000",
                        "s.scenario:3:45: offset 0x1000 out of range (0..4095)"),
                Arguments.of(TD + "vcpu 0: tdvmcall setup-event-notify vector=0xec apic-id=5",
                        "s.scenario:2:57: apic-id 5 out of range (0..3)"),
                Arguments.of(TD + "vcpu 0: tdvmcall get-td-vmcall-info leaf=2", "s.scenario:2:42: leaf 2 out of range (0..1)"),
                Arguments.of(DRIVER + "vcpu 0: tdvmcall get-quote size=4096 in-len=0x100000000",
                        "s.scenario:3:45: bad in-len '0x100000000' (expected a u32: 0..0xFFFFFFFF)"),
                // vmm values
                Arguments.of(TD + "vmm delay=5s,x", "s.scenario:2:11: bad delay '5s,x' (expected: DUR or never, comma-separated)"),
                Arguments.of(TD + "vmm fail=every-0",
                        "s.scenario:2:10: bad fail 'every-0' (expected: never, always, every-N with N >= 1)"),
                Arguments.of(TD + "vmm notify=maybe", "s.scenario:2:12: bad notify 'maybe' (expected: yes, no, unsupported)"),
                // expectations
                Arguments.of(TD + "expect tdvmcall get-quote vcpu=0 status=OK",
                        "s.scenario:2:41: bad status 'OK' (expected: TDG_VP_VMCALL_SUCCESS, TDG_VP_VMCALL_RETRY, "
                                + "TDG_VP_VMCALL_INVALID_OPERAND, TDG_VP_VMCALL_GPA_INUSE, TDG_VP_VMCALL_ALIGN_ERROR, "
                                + "TDG_VP_VMCALL_SUBFUNC_UNSUPPORTED)"),
                Arguments.of(DRIVER + "expect quote-status DONE",
                        "s.scenario:3:21: bad quote status 'DONE' (expected: SUCCESS, IN_FLIGHT, ERROR, "
                                + "SERVICE_UNAVAILABLE or a number)"),
                Arguments.of(TD + "expect tdvmcall get-quote vcpu=0 r11=1",
                        "s.scenario:2:34: r11= is only for expect tdvmcall get-td-vmcall-info"),
                Arguments.of(TD + "expect vmm-stat msis=1",
                        "s.scenario:2:17: unknown vmm stat 'msis' (expected: quote_requests, quote_accepted, "
                                + "quote_completions, notify_msis)"),
                Arguments.of(DRIVER + "expect quote vcpu=0 result=0 from=2s until=1s",
                        "s.scenario:3:30: from= must be before until="),
                Arguments.of(DRIVER + "expect quote vcpu=0 result=EIO",
                        "s.scenario:3:28: bad result 'EIO' (use 0 or a negative errno such as -EBUSY, -EIO, -EFBIG, "
                                + "-ETIMEDOUT, -EINTR)"));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void everyContractErrorNamesItsPlace(String text, String expected) {
        assertEquals(expected, error(text));
    }
}
