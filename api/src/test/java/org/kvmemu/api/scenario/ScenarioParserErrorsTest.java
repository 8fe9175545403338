package org.kvmemu.api.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kvmemu.api.spi.VmType;

class ScenarioParserErrorsTest {

    private static final String VMX2 = "machine backend=vmx vcpus=2\n";
    private static final String TD2 = "machine backend=tdx vm=td vcpus=2\n";

    private static ScenarioException error(PluginCatalog catalog, String text) {
        return assertThrows(ScenarioException.class, () -> new ScenarioParser(catalog).parse("s.scenario", text));
    }

    private static ScenarioException error(String text) {
        return error(ScenarioParserFormsTest.Catalog.standard(), text);
    }

    private static String firstLine(ScenarioException e) {
        return e.getMessage().lines().findFirst().orElseThrow();
    }

    private static String caret(int column) {
        return " ".repeat(column - 1) + "^";
    }

    @Test
    void unknownStatementShowsLineAndCaret() {
        assertEquals("s.scenario:2:3: unknown statement 'vpcu' (expected: machine, guest, vcpu, handler, at, run, "
                + "expect, tdx-module, vmm)\n"
                + "  vpcu 0: sti   # typo\n"
                + "  ^", error(VMX2 + "  vpcu 0: sti   # typo\n").getMessage());
    }

    @Test
    void unknownKeyShowsLineAndCaretAtTheKey() {
        assertEquals("s.scenario:2:14: unknown key 'vectr' for msi (expected: dest, vector, mode, trigger)\n"
                + "at 1us msi   vectr=0x30 dest=1\n"
                + caret(14), error(VMX2 + "at 1us msi   vectr=0x30 dest=1").getMessage());
    }

    @Test
    void vectorOutOfRangeShowsLineAndCaretAtTheValue() {
        assertEquals("s.scenario:2:38: vector 300 out of range 0..255\n"
                + "at 1us ioctl interrupt vcpu=0 vector=300\n"
                + caret(38), error(VMX2 + "at 1us ioctl interrupt vcpu=0 vector=300").getMessage());
    }

    @Test
    void badDurationShowsTheWholeWrittenDuration() {
        assertEquals("s.scenario:2:20: bad duration '10 parsecs' (use ns, us, ms or s)\n"
                + "vcpu 0: sti ; spin 10 parsecs ; hlt\n"
                + caret(20), error(VMX2 + "vcpu 0: sti ; spin 10 parsecs ; hlt").getMessage());
    }

    @Test
    void caretColumnCountsATabAsOneColumnAndTheLineShowsItAsASpace() {
        assertEquals("s.scenario:2:16: vcpu 4 out of range (machine has 2 vcpus)\n"
                + "handler 1 vcpu=4\n"
                + caret(16), error(VMX2 + "handler\t1\tvcpu=4").getMessage());
    }

    @Test
    void missingMachineInAFileWithoutStatementsShowsItsFirstLine() {
        ScenarioException e = error("# nothing\n\n");
        assertEquals("s.scenario:1:1: missing machine statement\n# nothing\n^", e.getMessage());
        assertEquals(new Location("s.scenario", 1, 1), e.location());
        assertEquals("missing machine statement", e.reason());
        assertEquals("s.scenario:1:1: missing machine statement\n\n^", error("").getMessage());
    }

    @Test
    void aLongLineIsShownAroundTheColumnAndControlCharactersAsQuestionMarks() {
        String line = "vcpu 0: " + "sti ; ".repeat(40) + "\u0000bad";
        List<String> message = error(VMX2 + line).getMessage().lines().toList();
        int column = line.indexOf('\u0000') + 1;
        assertEquals("s.scenario:2:" + column + ": unknown instruction '\u0000bad' (expected: sti, cli, hlt, sti-hlt, "
                + "spin, tpr, ipi, timer, tdvmcall, mark, quote-wait)", message.get(0));
        String shown = message.get(1);
        assertEquals("...", shown.substring(0, 3));
        assertEquals('?', shown.charAt(message.get(2).length() - 1));
        assertEquals("?bad", shown.substring(message.get(2).length() - 1));
    }

    /**
     * Every message the parser gives ({@link #errors}, one bad input each) has the three parts:
     * FILE:LINE:COLUMN and the reason, the line as written, a caret under the column.
     */
    @ParameterizedTest
    @MethodSource("errors")
    void everyErrorShowsItsLocationTheLineAndACaret(String text, String expected) {
        ScenarioException e = error(text);
        List<String> message = e.getMessage().lines().toList();
        Location at = e.location();
        assertEquals(3, message.size(), e.getMessage());
        assertEquals(at + ": " + e.reason(), message.get(0));
        String line = (text + "\n").lines().skip(at.line() - 1).findFirst().orElse("").replace('\t', ' ');
        assertEquals(line, message.get(1));
        assertEquals(caret(at.column()), message.get(2));
    }

    @Test
    void backendNotInstalledListsInstalledBackends() {
        assertEquals("s.scenario:1:17: backend 'svm' is not installed; installed: tdx, vmx",
                firstLine(error("machine backend=svm")));
    }

    @Test
    void onlyAMissingBackendSaysTheBackendIsMissing() {
        // kvmemu check skips such a file (scenario-language.md, "Results and determinism")
        assertTrue(error("machine backend=svm").backendMissing());
        assertFalse(error("machine backend=vmx vectr=3").backendMissing());
        assertFalse(error(TD2 + "guest driver=x").backendMissing());
    }

    @Test
    void driverNotInstalledListsInstalledDriversOrSaysNone() {
        assertEquals("s.scenario:2:14: driver 'x' is not installed; installed: tdx-event-notify",
                firstLine(error(TD2 + "guest driver=x")));
        PluginCatalog noDrivers = new ScenarioParserFormsTest.Catalog(Map.of("vmx", Set.of(VmType.DEFAULT)), Map.of());
        assertEquals("s.scenario:2:14: driver 'x' is not installed; installed: none",
                firstLine(error(noDrivers, VMX2 + "guest driver=x")));
    }

    @Test
    void driverTakingNoKeysRejectsEveryKey() {
        PluginCatalog bare = new ScenarioParserFormsTest.Catalog(Map.of("vmx", Set.of(VmType.DEFAULT)),
                Map.of("plain", Set.of()));
        assertEquals("s.scenario:2:20: unknown key 'a' for driver plain (expected: none)",
                firstLine(error(bare, VMX2 + "guest driver=plain a=1")));
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                // machine: missing, not first, duplicate, backend and VM type, counts
                Arguments.of("vcpu 0: sti\nmachine backend=vmx",
                        "s.scenario:1:1: expected 'machine' as the first statement, found 'vcpu'"),
                Arguments.of("machine vm=td", "s.scenario:1:1: missing key 'backend' for machine"),
                Arguments.of("machine backend=vmx vm=td", "s.scenario:1:24: backend 'vmx' cannot run vm=td"),
                Arguments.of("machine backend=tdx vm=sev", "s.scenario:1:24: bad vm 'sev' (expected: default, td)"),
                Arguments.of(VMX2 + "machine backend=vmx",
                        "s.scenario:2:1: duplicate machine statement (first at line 1)"),
                Arguments.of("machine backend=vmx vcpus=0", "s.scenario:1:27: vcpus 0 out of range 1..4096"),
                Arguments.of("machine backend=vmx vcpus=4097", "s.scenario:1:27: vcpus 4097 out of range 1..4096"),
                Arguments.of("machine backend=vmx pcpus=0", "s.scenario:1:27: pcpus 0 out of range 1..4096"),
                Arguments.of("machine backend=vmx apicv=yes", "s.scenario:1:27: bad apicv 'yes' (expected: on, off)"),
                Arguments.of("machine backend=vmx seed=x", "s.scenario:1:26: bad number 'x' (use decimal or 0x hex)"),
                Arguments.of("machine backend=vmx timer-advance=5",
                        "s.scenario:1:35: bad duration '5' (use ns, us, ms or s)"),
                Arguments.of(VMX2 + "at 1us ioapic-irq pin=24 dest=0 vector=0x41",
                        "s.scenario:2:23: pin 24 out of range 0..23"),
                Arguments.of(VMX2 + "at 1us ioapic-irq pin=2 dest=0 vector=0x41 trigger=lvl",
                        "s.scenario:2:52: bad trigger 'lvl' (expected: edge, level)"),
                Arguments.of(VMX2 + "at 1us ioapic-irq pin=2 dest=0",
                        "s.scenario:2:8: missing key 'vector' for ioapic-irq"),
                Arguments.of("machine backend=vmx halt-poll=10",
                        "s.scenario:1:31: bad duration '10' (use ns, us, ms or s)"),
                Arguments.of("machine backend=vmx fastpath=no", "s.scenario:1:30: bad fastpath 'no' (expected: on, off)"),
                Arguments.of("machine backend=vmx halt-poll=5s",
                        "s.scenario:1:31: halt-poll above 4294967295ns (halt_poll_ns is an unsigned int)"),
                Arguments.of("machine backend=vmx vmx", "s.scenario:1:21: unexpected 'vmx' in machine (expected key=value)"),
                Arguments.of("machine backend=vmx vcpus=2 vcpus=3", "s.scenario:1:29: duplicate key 'vcpus'"),
                Arguments.of("machine backend= ", "s.scenario:1:9: missing value for 'backend'"),
                // guest driver
                Arguments.of(TD2 + "guest mode=vector", "s.scenario:2:1: missing key 'driver' for guest"),
                Arguments.of(TD2 + "guest driver=tdx-event-notify mod=vector",
                        "s.scenario:2:31: unknown key 'mod' for driver tdx-event-notify (expected: cpu, mode, vector)"),
                Arguments.of(TD2 + "guest driver=tdx-event-notify mode=polling\nguest driver=tdx-event-notify mode=vector",
                        "s.scenario:3:1: driver tdx-event-notify is already loaded (line 2)"),
                // vcpu programs
                Arguments.of(VMX2 + "vcpu 2: sti", "s.scenario:2:6: vcpu 2 out of range (machine has 2 vcpus)"),
                Arguments.of("machine backend=vmx\nvcpu 1: sti", "s.scenario:2:6: vcpu 1 out of range (machine has 1 vcpu)"),
                Arguments.of(VMX2 + "vcpu 0: sti\nvcpu 0: hlt", "s.scenario:3:6: duplicate program for vcpu 0 (first at line 2)"),
                Arguments.of(VMX2 + "vcpu 0 sti", "s.scenario:2:8: expected ':' after the vcpu id (expected 'vcpu ID: INSTR ; INSTR ...')"),
                Arguments.of(VMX2 + "vcpu", "s.scenario:2:5: missing vcpu id (expected 'vcpu ID: INSTR ; INSTR ...')"),
                Arguments.of(VMX2 + "vcpu :sti", "s.scenario:2:6: missing vcpu id (expected 'vcpu ID: INSTR ; INSTR ...')"),
                Arguments.of(VMX2 + "vcpu 0: sti ;; hlt", "s.scenario:2:14: missing instruction before ';'"),
                Arguments.of(VMX2 + "vcpu 0: sti ;", "s.scenario:2:13: missing instruction after ';'"),
                Arguments.of(VMX2 + "vcpu 0: sti ; jmp 0",
                        "s.scenario:2:15: unknown instruction 'jmp' (expected: sti, cli, hlt, sti-hlt, spin, tpr, ipi, "
                                + "timer, tdvmcall, mark, quote-wait)"),
                Arguments.of(VMX2 + "vcpu 0: sti now", "s.scenario:2:13: unexpected 'now' (sti takes no arguments)"),
                Arguments.of(VMX2 + "vcpu 0: spin", "s.scenario:2:13: missing duration for spin"),
                Arguments.of(VMX2 + "vcpu 0: spin 10", "s.scenario:2:14: bad duration '10' (use ns, us, ms or s)"),
                Arguments.of(VMX2 + "vcpu 0: spin 10us 5us", "s.scenario:2:19: unexpected '5us' in spin"),
                Arguments.of(VMX2 + "vcpu 0: tpr 16", "s.scenario:2:13: tpr 16 out of range 0..15"),
                Arguments.of(VMX2 + "vcpu 0: tpr 1 x=2",
                        "s.scenario:2:15: unknown key 'x' for tpr (it takes no key=value arguments)"),
                Arguments.of(VMX2 + "vcpu 0: ipi 1", "s.scenario:2:9: missing key 'vector' for ipi (mode fixed needs a vector)"),
                Arguments.of(VMX2 + "vcpu 0: ipi 1 mode=lowest",
                        "s.scenario:2:9: missing key 'vector' for ipi (mode lowest needs a vector)"),
                Arguments.of(VMX2 + "vcpu 0: ipi 1 mode=sipi",
                        "s.scenario:2:9: missing key 'vector' for ipi (mode sipi needs a vector)"),
                Arguments.of(VMX2 + "vcpu 0: ipi 2 vector=0x30",
                        "s.scenario:2:13: apic id 2 out of range (machine has 2 vcpus; 0xffffffff broadcasts)"),
                Arguments.of(VMX2 + "vcpu 0: ipi 0xff vector=0x30",
                        "s.scenario:2:13: apic id 0xff out of range (machine has 2 vcpus; 0xffffffff broadcasts)"),
                Arguments.of(VMX2 + "vcpu 0: ipi mode=nmi", "s.scenario:2:21: missing destination apic id for ipi"),
                Arguments.of(VMX2 + "vcpu 0: ipi 1 mode=extint",
                        "s.scenario:2:20: bad mode 'extint' (expected: fixed, lowest, nmi, smi, init, sipi)"),
                Arguments.of(VMX2 + "vcpu 0: ipi 1 mode=nmi shorthand=everyone",
                        "s.scenario:2:34: bad shorthand 'everyone' (expected: none, self, all, others)"),
                Arguments.of(VMX2 + "vcpu 0: ipi 1 mode=nmi vector=256", "s.scenario:2:31: vector 256 out of range 0..255"),
                Arguments.of(VMX2 + "vcpu 0: timer mode=oneshot vector=0x30",
                        "s.scenario:2:9: missing key 'after' for timer"),
                Arguments.of(VMX2 + "vcpu 0: timer mode=once vector=0x30 after=1us",
                        "s.scenario:2:20: bad mode 'once' (expected: oneshot, periodic, tsc-deadline)"),
                Arguments.of(VMX2 + "vcpu 0: mark", "s.scenario:2:13: missing label for mark"),
                Arguments.of(VMX2 + "vcpu 0: mark a b", "s.scenario:2:16: unexpected 'b' in mark"),
                Arguments.of(VMX2 + "vcpu 0: sti ; tdvmcall hlt",
                        "s.scenario:2:15: tdvmcall is only for TDs (machine vm=td)"),
                Arguments.of("machine backend=tdx\nvcpu 0: tdvmcall hlt",
                        "s.scenario:2:9: tdvmcall is only for TDs (machine vm=td)"),
                Arguments.of(TD2 + "vcpu 0: tdvmcall", "s.scenario:2:17: missing name for tdvmcall"),
                Arguments.of(TD2 + "vcpu 0: tdvmcall get-quote size=1 size=2", "s.scenario:2:35: duplicate key 'size'"),
                Arguments.of(VMX2 + "vcpu 0: mark \"x\"", "s.scenario:2:14: quoted text is only for expect trace contains"),
                // handlers
                Arguments.of(VMX2 + "handler", "s.scenario:2:8: missing vector for handler (expected a number, nmi or mc)"),
                Arguments.of(VMX2 + "handler smi", "s.scenario:2:9: bad number 'smi' (use decimal or 0x hex)"),
                Arguments.of(VMX2 + "handler 0x100", "s.scenario:2:9: vector 0x100 out of range 0..255"),
                Arguments.of(VMX2 + "handler 48 eoi=maybe", "s.scenario:2:16: bad eoi 'maybe' (expected: yes, no)"),
                Arguments.of(VMX2 + "handler 48 spin=1", "s.scenario:2:17: bad duration '1' (use ns, us, ms or s)"),
                Arguments.of(VMX2 + "handler 48 vcpu=0 iret=no",
                        "s.scenario:2:19: unknown key 'iret' for handler (expected: vcpu, spin, eoi, mark)"),
                Arguments.of(VMX2 + "handler 0x30 vcpu=1\nhandler 48 vcpu=1",
                        "s.scenario:3:1: duplicate handler for vector 0x30 on vcpu 1 (first at line 2)"),
                Arguments.of(VMX2 + "handler nmi\nhandler nmi spin=1us",
                        "s.scenario:3:1: duplicate handler for nmi (first at line 2)"),
                // at events
                Arguments.of(VMX2 + "at", "s.scenario:2:3: missing time for at (expected 'at TIME EVENT ...')"),
                Arguments.of(VMX2 + "at 10 host-nmi pcpu=0", "s.scenario:2:4: bad duration '10' (use ns, us, ms or s)"),
                Arguments.of(VMX2 + "at 10us",
                        "s.scenario:2:8: missing event after at 10us (expected: ioctl, msi, ioapic-irq, host-irq, "
                                + "host-nmi, host-smi, machine-check, exception, preempt, ept-violation)"),
                Arguments.of(VMX2 + "at 10us nmi vcpu=0",
                        "s.scenario:2:9: unknown event 'nmi' (expected: ioctl, msi, ioapic-irq, host-irq, "
                                + "host-nmi, host-smi, machine-check, exception, preempt, ept-violation)"),
                Arguments.of(VMX2 + "at 10us ioctl", "s.scenario:2:14: missing ioctl kind (expected: interrupt, nmi, smi, get-lapic, set-lapic, set-guest-debug)"),
                Arguments.of(VMX2 + "at 10us ioctl irq vcpu=0",
                        "s.scenario:2:15: unknown ioctl 'irq' (expected: interrupt, nmi, smi, get-lapic, set-lapic, set-guest-debug)"),
                Arguments.of(VMX2 + "at 10us ioctl nmi", "s.scenario:2:9: missing key 'vcpu' for ioctl nmi"),
                Arguments.of(VMX2 + "at 10us ioctl nmi vcpu=0 vector=2",
                        "s.scenario:2:26: unknown key 'vector' for ioctl nmi (expected: vcpu)"),
                Arguments.of(VMX2 + "at 10us ioctl interrupt vcpu=0", "s.scenario:2:9: missing key 'vector' for ioctl interrupt"),
                Arguments.of(VMX2 + "at 10us ioctl smi vcpu=2", "s.scenario:2:24: vcpu 2 out of range (machine has 2 vcpus)"),
                Arguments.of(VMX2 + "at 10us msi vector=0x30", "s.scenario:2:9: missing key 'dest' for msi"),
                Arguments.of(VMX2 + "at 10us msi dest=1", "s.scenario:2:9: missing key 'vector' for msi (mode fixed needs a vector)"),
                Arguments.of(VMX2 + "at 10us msi dest=2 vector=0x30",
                        "s.scenario:2:18: apic id 2 out of range (machine has 2 vcpus; 0xff broadcasts)"),
                Arguments.of(VMX2 + "at 10us msi dest=1 vector=0x30 trigger=both",
                        "s.scenario:2:40: bad trigger 'both' (expected: edge, level)"),
                Arguments.of(VMX2 + "at 10us msi 1 vector=0x30", "s.scenario:2:13: unexpected '1' in msi (expected key=value)"),
                Arguments.of(VMX2 + "at 10us host-irq pcpu=2 vector=1", "s.scenario:2:23: pcpu 2 out of range (machine has 2 pcpus)"),
                Arguments.of("machine backend=vmx vcpus=2 pcpus=1\nat 10us host-nmi pcpu=1",
                        "s.scenario:2:23: pcpu 1 out of range (machine has 1 pcpu)"),
                Arguments.of(VMX2 + "at 10us host-smi pcpu=0 msmi=1", "s.scenario:2:30: bad msmi '1' (expected: yes, no)"),
                Arguments.of(VMX2 + "at 10us machine-check vcpu=x", "s.scenario:2:28: bad number 'x' (use decimal or 0x hex)"),
                Arguments.of(VMX2 + "at 10us exception vcpu=0", "s.scenario:2:9: missing key 'vector' for exception"),
                Arguments.of(VMX2 + "at 10us preempt vcpu=0", "s.scenario:2:9: missing key 'for' for preempt"),
                Arguments.of(VMX2 + "at 10us preempt vcpu=0 for=1 parsec",
                        "s.scenario:2:30: unexpected 'parsec' in preempt (expected key=value)"),
                Arguments.of(VMX2 + "at 10us preempt vcpu=0 for=1",
                        "s.scenario:2:28: bad duration '1' (use ns, us, ms or s)"),
                // run
                Arguments.of(VMX2 + "run\nrun until=1ms", "s.scenario:3:1: duplicate run statement (first at line 2)"),
                Arguments.of(VMX2 + "run until=forever", "s.scenario:2:11: bad duration 'forever' (use ns, us, ms or s)"),
                Arguments.of(VMX2 + "run max-events=0",
                        "s.scenario:2:16: max-events 0 out of range 1..9223372036854775807"),
                Arguments.of(VMX2 + "run for=1ms", "s.scenario:2:5: unknown key 'for' for run (expected: until, max-events)"),
                // expect
                Arguments.of(VMX2 + "expect",
                        "s.scenario:2:7: missing expectation (expected: delivered, mark, order, ioctl, exit, stat, "
                                + "vm-state, guest, trace, no-violations, violation, quote, quote-status, notify, tdvmcall, vmm-stat)"),
                Arguments.of(VMX2 + "expect handled vcpu=0",
                        "s.scenario:2:8: unknown expectation 'handled' (expected: delivered, mark, order, ioctl, exit, "
                                + "stat, vm-state, guest, trace, no-violations, violation, quote, quote-status, notify, tdvmcall, vmm-stat)"),
                Arguments.of(VMX2 + "expect delivered vcpu=0 count=1",
                        "s.scenario:2:8: missing key 'vector' for expect delivered (or the word nmi)"),
                Arguments.of(VMX2 + "expect delivered vcpu=0 vector=2 nmi count=1",
                        "s.scenario:2:34: unexpected 'nmi' in expect delivered (expected vector=V, nmi or mc)"),
                Arguments.of(VMX2 + "expect delivered vcpu=0 smi count=1",
                        "s.scenario:2:25: unexpected 'smi' in expect delivered (expected vector=V, nmi or mc)"),
                Arguments.of(VMX2 + "expect delivered vcpu=0 nmi", "s.scenario:2:8: missing key 'count' for expect delivered"),
                Arguments.of(VMX2 + "expect delivered vcpu=3 nmi count=1",
                        "s.scenario:2:23: vcpu 3 out of range (machine has 2 vcpus)"),
                Arguments.of(VMX2 + "expect mark vcpu=0 count=1", "s.scenario:2:27: missing label for expect mark"),
                Arguments.of(VMX2 + "expect order vcpu=0", "s.scenario:2:20: missing items for expect order (vectors, nmi, "
                        + "mc or mark labels)"),
                Arguments.of(VMX2 + "expect order vcpu=0 nmi 0x130", "s.scenario:2:25: vector 0x130 out of range 0..255"),
                Arguments.of(VMX2 + "expect ioctl smi vcpu=0 result=ENOTTY",
                        "s.scenario:2:32: bad result 'ENOTTY' (use 0 or a negative errno such as -ENOTTY, -EINVAL, -EIO)"),
                Arguments.of(VMX2 + "expect ioctl smi vcpu=0 result=5",
                        "s.scenario:2:32: bad result '5' (use 0 or a negative errno such as -ENOTTY, -EINVAL, -EIO)"),
                Arguments.of(VMX2 + "expect ioctl sipi vcpu=0 result=0",
                        "s.scenario:2:14: unknown ioctl 'sipi' (expected: interrupt, nmi, smi, get-lapic, set-lapic, set-guest-debug)"),
                Arguments.of(VMX2 + "expect exit vcpu=0 reason=KVM_EXIT_SMI",
                        "s.scenario:2:27: unknown exit reason 'KVM_EXIT_SMI' (expected: "
                                + String.join(", ", ParseNames.EXIT_REASONS) + ")"),
                Arguments.of(VMX2 + "expect exit vcpu=0 reason=kvm_exit_intr",
                        "s.scenario:2:27: unknown exit reason 'kvm_exit_intr' (expected: "
                                + String.join(", ", ParseNames.EXIT_REASONS) + ")"),
                Arguments.of(VMX2 + "expect stat vcpu=0 nmi_injected=1",
                        "s.scenario:2:20: unknown stat 'nmi_injected' (expected: exits, irq_exits, halt_exits, "
                                + "halt_wakeup, irq_window_exits, nmi_window_exits, irq_injections, nmi_injections, "
                                + "request_irq_exits, signal_exits, halt_attempted_poll, halt_successful_poll, "
                                + "halt_poll_invalid, halt_poll_success_ns, halt_poll_fail_ns, halt_wait_ns)"),
                Arguments.of(VMX2 + "expect stat vcpu=0 exits=1 irq_exits=1",
                        "s.scenario:2:28: expect stat checks one stat; unexpected 'irq_exits=1'"),
                Arguments.of(VMX2 + "expect stat vcpu=0",
                        "s.scenario:2:19: missing NAME=VALUE for expect stat (NAME one of: exits, irq_exits, halt_exits, "
                                + "halt_wakeup, irq_window_exits, nmi_window_exits, irq_injections, nmi_injections, "
                                + "request_irq_exits, signal_exits, halt_attempted_poll, halt_successful_poll, "
                                + "halt_poll_invalid, halt_poll_success_ns, halt_poll_fail_ns, halt_wait_ns)"),
                Arguments.of(VMX2 + "expect stat exits=1", "s.scenario:2:8: missing key 'vcpu' for expect stat"),
                Arguments.of(VMX2 + "expect vm-state crashed",
                        "s.scenario:2:17: unknown vm-state 'crashed' (expected: running, bugged, dead, td-fatal)"),
                Arguments.of(VMX2 + "expect vm-state td-fatal",
                        "s.scenario:2:17: vm-state td-fatal is only for TDs (machine vm=td)"),
                Arguments.of(VMX2 + "expect guest vcpu=0 rflags=2",
                        "s.scenario:2:21: unknown guest state 'rflags' (expected: if, halted, tpr, nmi-blocked, smm, "
                                + "mp-state)"),
                Arguments.of(VMX2 + "expect guest vcpu=0 if=yes", "s.scenario:2:24: bad if 'yes' (expected: 0, 1)"),
                Arguments.of(VMX2 + "expect guest vcpu=0 halted=1", "s.scenario:2:28: bad halted '1' (expected: yes, no)"),
                Arguments.of(VMX2 + "expect guest vcpu=0 nmi-blocked=true",
                        "s.scenario:2:33: bad nmi-blocked 'true' (expected: yes, no)"),
                Arguments.of(VMX2 + "expect guest vcpu=0 smm=on", "s.scenario:2:25: bad smm 'on' (expected: yes, no)"),
                Arguments.of(VMX2 + "expect guest vcpu=0 tpr=256", "s.scenario:2:25: tpr 256 out of range 0..255"),
                Arguments.of(VMX2 + "expect guest vcpu=0 mp-state=running",
                        "s.scenario:2:30: bad mp-state 'running' (expected: runnable, uninitialized, init-received, "
                                + "halted, sipi-received)"),
                Arguments.of(VMX2 + "expect trace \"kvm_inj_virq\"", "s.scenario:2:14: expected 'contains' after expect trace"),
                Arguments.of(VMX2 + "expect trace contains", "s.scenario:2:22: missing quoted text for expect trace "
                        + "contains, e.g. \"kvm_inj_virq\""),
                Arguments.of(VMX2 + "expect trace contains kvm_inj_virq",
                        "s.scenario:2:23: expected quoted text, e.g. \"kvm_inj_virq\""),
                Arguments.of(VMX2 + "expect trace contains \"a\" \"b\"", "s.scenario:2:27: unexpected 'b' in expect trace"),
                Arguments.of(VMX2 + "expect trace contains \"\"", "s.scenario:2:23: empty text for expect trace contains"),
                Arguments.of(VMX2 + "expect no-violations vcpu=0",
                        "s.scenario:2:22: unexpected 'vcpu=0' (expect no-violations takes no arguments)"),
                Arguments.of(VMX2 + "expect violation lost-irq",
                        "s.scenario:2:18: unknown violation 'lost-irq' (expected: double-delivery, host-nmi-out-of-order, irq-while-masked, "
                                + "lost-interrupt, nmi-while-blocked, protected-state-read, quote-completed-twice, quote-status-before-data, smi-to-td, "
                                + "vcpu-livelock)"),
                Arguments.of(VMX2 + "expect violation lost-interrupt count=-1",
                        "s.scenario:2:39: bad number '-1' (use decimal or 0x hex)"),
                // the TDX backend's statements
                Arguments.of("machine backend=tdx vm=default tdx-variant=v1",
                        "s.scenario:1:44: tdx-variant is only for TDs (machine vm=td)"),
                Arguments.of("machine backend=tdx vm=td tdx-variant=v2",
                        "s.scenario:1:39: bad tdx-variant 'v2' (expected: final, v1)"),
                Arguments.of("machine backend=vmx\ntdx-module", "s.scenario:2:1: tdx-module is only for TDs (machine vm=td)"),
                Arguments.of(TD2 + "tdx-module nmi-unblock-after-seamret=maybe",
                        "s.scenario:2:38: bad nmi-unblock-after-seamret 'maybe' (expected: yes, no)"),
                Arguments.of(TD2 + "tdx-module\ntdx-module", "s.scenario:3:1: duplicate tdx-module statement (first at line 2)"),
                Arguments.of(TD2 + "tdx-module colour=red",
                        "s.scenario:2:12: unknown key 'colour' for tdx-module (expected: nmi-unblock-after-seamret)"),
                // the virtual clock's range and the 32-bit TMICT
                Arguments.of(VMX2 + "vcpu 0: timer mode=oneshot vector=0xef after=5s",
                        "s.scenario:2:46: after=5s does not fit TMICT: a oneshot timer counts 32 bits of the 1 GHz APIC "
                        + "bus (divide by 1), at most 4294967295ns"),
                Arguments.of(VMX2 + "vcpu 0: timer mode=periodic vector=0xef after=4294967296ns",
                        "s.scenario:2:47: after=4294967296ns does not fit TMICT: a periodic timer counts 32 bits of the "
                        + "1 GHz APIC bus (divide by 1), at most 4294967295ns"),
                Arguments.of(VMX2 + "vcpu 0: spin 1000000001s",
                        "s.scenario:2:14: duration '1000000001s' is out of range (the virtual clock ends at 1000000000s)"),
                Arguments.of(VMX2 + "at 2000000000s msi dest=0 vector=0x30",
                        "s.scenario:2:4: duration '2000000000s' is out of range (the virtual clock ends at 1000000000s)"),
                // lexical
                Arguments.of(VMX2 + "\"vcpu\" 0: sti", "s.scenario:2:1: quoted text is only for expect trace contains"),
                Arguments.of(VMX2 + "vcpu 0: \"sti\"", "s.scenario:2:9: quoted text is only for expect trace contains"),
                Arguments.of(VMX2 + "expect \"trace\" contains \"x\"",
                        "s.scenario:2:8: quoted text is only for expect trace contains"),
                Arguments.of(VMX2 + "expect trace \"contains\" \"x\"", "s.scenario:2:14: expected 'contains' after expect trace"),
                Arguments.of(VMX2 + "expect trace contains \"open", "s.scenario:2:23: unterminated quoted text (missing closing \")"));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void everyErrorNamesTheFileLineColumnAndWhatWasExpected(String text, String expected) {
        assertEquals(expected, firstLine(error(text)));
    }

    @Test
    void theFirstErrorInTheFileWins() {
        ScenarioException e = error(VMX2 + "vcpu 0: spin 1\nvcpu 9: sti\n");
        assertEquals(new Location("s.scenario", 2, 14), e.location());
    }
}
