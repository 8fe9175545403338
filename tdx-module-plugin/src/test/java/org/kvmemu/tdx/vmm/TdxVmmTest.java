package org.kvmemu.tdx.vmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kvmemu.api.guest.Ghci;
import org.kvmemu.api.guest.GuestMemory;
import org.kvmemu.api.invariant.Invariants;
import org.kvmemu.api.kvm.Kvm;
import org.kvmemu.api.kvm.KvmExitReasons;
import org.kvmemu.api.kvm.KvmRun;
import org.kvmemu.api.scenario.InstalledPlugins;
import org.kvmemu.api.scenario.RunOptions;
import org.kvmemu.api.scenario.ScenarioParser;
import org.kvmemu.api.scenario.ScenarioRunner;
import org.kvmemu.api.scenario.Session;
import org.kvmemu.api.spi.VmmServices;
import org.kvmemu.api.trace.output.TraceFilter;
import org.kvmemu.api.trace.output.TraceFormat;
import org.kvmemu.tdx.TdxBackendProvider;

/**
 * The VMM's side of GetQuote and SetupEventNotifyInterrupt (docs/event-notify.md §N.4), exit by
 * exit: a real TD's KVM (from a scenario session) supplies the clock and the config, the test
 * supplies the guest memory and records the MSIs.
 */
class TdxVmmTest {

    private static final InstalledPlugins PLUGINS = new InstalledPlugins(Map.of("tdx", new TdxBackendProvider()),
            Map.of());
    private static final long GPA = Ghci.quoteBuffer(0);

    /** The services a VMM plugin gets, recording MSIs and violations. */
    private static final class Services implements VmmServices {
        final Session session;
        final GuestMemory memory = new GuestMemory();
        final List<long[]> msis = new ArrayList<>();
        final List<String> violations = new ArrayList<>();

        Services(String vmm) throws Exception {
            memory.convertToShared(Ghci.quoteBuffer(0), 255 * Ghci.QUOTE_BUFFER_SPAN);
            String text = "machine backend=tdx vm=td vcpus=2\n" + vmm + "\n";
            session = new ScenarioRunner(PLUGINS).session(new ScenarioParser(PLUGINS).parse("t.scenario", text),
                    new RunOptions(OptionalLong.empty(), TraceFilter.ALL, TraceFormat.TEXT, null));
        }

        @Override
        public Kvm kvm() {
            return session.kvm();
        }

        @Override
        public GuestMemory memory() {
            return memory;
        }

        @Override
        public void signalMsi(long address, long data) {
            msis.add(new long[] {address, data});
        }

        @Override
        public Invariants invariants() {
            return (name, detail, task, cpu) -> violations.add(name);
        }
    }

    private final KvmRun run = new KvmRun();

    /** A guest-prepared header at {@code gpa}: version, in_len, status 0. */
    private static void header(GuestMemory m, long gpa, long version, long inLen) {
        m.write64(gpa + Ghci.HDR_VERSION, version);
        m.write32(gpa + Ghci.HDR_IN_LEN, inLen);
    }

    private long getQuote(TdxVmm vmm, Services s, long gpa, long size) {
        run.exitReason = KvmExitReasons.TDX;
        run.tdx.nr = Ghci.GET_QUOTE;
        run.tdx.ret = Ghci.SUBFUNC_UNSUPPORTED;
        run.tdx.gpa = gpa;
        run.tdx.size = size;
        assertTrue(vmm.handleExit(s.kvm().vcpu(1), run));
        return run.tdx.ret;
    }

    private long setup(TdxVmm vmm, Services s, int vcpu, long vector, long apicId) {
        run.exitReason = KvmExitReasons.TDX;
        run.tdx.nr = Ghci.SETUP_EVENT_NOTIFY_INTERRUPT;
        run.tdx.ret = Ghci.SUBFUNC_UNSUPPORTED;
        run.tdx.vector = vector;
        run.tdx.apicId = apicId;
        vmm.handleExit(s.kvm().vcpu(vcpu), run);
        return run.tdx.ret;
    }

    /** §N.4.3: the first check that applies decides, and a refused request leaves the buffer alone. */
    @ParameterizedTest(name = "offset={0} size={1} version={2} in_len={3} -> {5}")
    @CsvSource({
        "0, 0, 1, 1024, on, INVALID_OPERAND",
        "0x10, 4096, 1, 1024, on, ALIGN_ERROR",
        "0, 5000, 1, 1024, on, ALIGN_ERROR",
        "0, 4096, 2, 1024, on, INVALID_OPERAND",
        "0, 0x21000, 1, 1024, on, INVALID_OPERAND",
        "0, 4096, 1, 4073, on, INVALID_OPERAND",
        "0, 4096, 1, 4072, on, SUCCESS",
        "0, 4096, 2, 1024, off, INVALID_OPERAND",
        "0, 4096, 1, 1024, off, SUCCESS"})
    void getQuoteChecksInOrder(String offset, String size, long version, long inLen, String service, String ret)
            throws Exception {
        Services s = new Services("vmm quote-service=" + service);
        TdxVmm vmm = new TdxVmm(s);
        header(s.memory, GPA, version, inLen);
        long r = getQuote(vmm, s, GPA + Long.decode(offset), Long.decode(size));
        assertEquals("TDG_VP_VMCALL_" + ret, Ghci.statusName(r));
        long status = s.memory.read64(GPA + Ghci.HDR_STATUS);
        long expected = !ret.equals("SUCCESS") ? 0 : service.equals("off") ? Ghci.QUOTE_SERVICE_UNAVAILABLE
                : Ghci.QUOTE_IN_FLIGHT;
        assertEquals(expected, status);
        assertEquals(service.equals("on") && ret.equals("SUCCESS") ? 1 : 0, vmm.stat("quote_accepted"));
    }

    /** Userspace reaches only shared memory: a private GPA's header cannot be read (QEMU's INVALID_OPERAND). */
    @Test
    void aPrivateGpaIsInvalidOperand() throws Exception {
        Services s = new Services("");
        TdxVmm vmm = new TdxVmm(s);
        long privateGpa = Ghci.quoteBuffer(255);
        header(s.memory, privateGpa, 1, 1024);
        assertEquals(Ghci.INVALID_OPERAND, getQuote(vmm, s, privateGpa, 4096));
        assertEquals(0, s.memory.read64(privateGpa + Ghci.HDR_STATUS));
    }

    /** §N.4.3 step 8: 16 requests in flight, the 17th is RETRY; a completion makes room again. */
    @Test
    void theSeventeenthInFlightRequestIsRetry() throws Exception {
        Services s = new Services("vmm delay=1ms");
        TdxVmm vmm = new TdxVmm(s);
        for (int k = 0; k < 17; k++) {
            header(s.memory, Ghci.quoteBuffer(k), 1, 1024);
        }
        for (int k = 0; k < 16; k++) {
            assertEquals(Ghci.SUCCESS, getQuote(vmm, s, Ghci.quoteBuffer(k), 4096));
        }
        assertEquals(Ghci.RETRY, getQuote(vmm, s, Ghci.quoteBuffer(16), 4096));
        assertEquals(0, s.memory.read64(Ghci.quoteBuffer(16) + Ghci.HDR_STATUS));
        s.session.runFor(2_000_000);
        assertEquals(16, vmm.stat("quote_completions"));
        assertEquals(Ghci.SUCCESS, getQuote(vmm, s, Ghci.quoteBuffer(16), 4096));
    }

    /** §N.4.4: on SUCCESS the Quote, then out_len, then the status, then one MSI to the stored APIC ID. */
    @Test
    void successWritesQuoteThenOutLenThenStatusThenOneMsi() throws Exception {
        Services s = new Services("vmm quote-size=100");
        TdxVmm vmm = new TdxVmm(s);
        assertEquals(Ghci.SUCCESS, setup(vmm, s, 1, 0xec, -1));
        header(s.memory, GPA, 1, 1024);
        long before = s.memory.writeCount();
        getQuote(vmm, s, GPA, 8192);
        s.session.runFor(5_000_000);
        assertEquals(Ghci.QUOTE_SUCCESS, s.memory.read64(GPA + Ghci.HDR_STATUS));
        assertEquals(100, s.memory.read32(GPA + Ghci.HDR_OUT_LEN));
        long data = s.memory.lastWrite(GPA + Ghci.HDR_SIZE, 100);
        long outLen = s.memory.lastWrite(GPA + Ghci.HDR_OUT_LEN, 4);
        long status = s.memory.lastWrite(GPA + Ghci.HDR_STATUS, 8);
        assertTrue(before < data && data < outLen && outLen < status, data + " " + outLen + " " + status);
        assertEquals(1, s.msis.size());
        assertEquals(Kvm.msiAddress(1), s.msis.get(0)[0]);
        assertEquals(0xec, s.msis.get(0)[1] & 0xff);
    }

    /** §N.4.4: an error reply writes the status only (out_len stays 0) and still sends its MSI. */
    @Test
    void errorWritesOnlyTheStatusAndStillNotifies() throws Exception {
        Services s = new Services("vmm fail=always");
        TdxVmm vmm = new TdxVmm(s);
        setup(vmm, s, 0, 0x40, -1);
        header(s.memory, GPA, 1, 1024);
        getQuote(vmm, s, GPA, 4096);
        s.session.runFor(10_000_000);
        assertEquals(Ghci.QUOTE_ERROR, s.memory.read64(GPA + Ghci.HDR_STATUS));
        assertEquals(0, s.memory.read32(GPA + Ghci.HDR_OUT_LEN));
        assertEquals(0, s.memory.read64(GPA + Ghci.HDR_SIZE));
        assertEquals(1, vmm.stat("notify_msis"));
    }

    /** §N.4.4: the timer and the answer at the same instant: the timer wins (ERROR). */
    @Test
    void anAnswerAtTheTimersInstantIsLate() throws Exception {
        Services s = new Services("vmm delay=10ms timeout=10ms");
        TdxVmm vmm = new TdxVmm(s);
        header(s.memory, GPA, 1, 1024);
        getQuote(vmm, s, GPA, 4096);
        s.session.runFor(20_000_000);
        assertEquals(Ghci.QUOTE_ERROR, s.memory.read64(GPA + Ghci.HDR_STATUS));
        assertEquals(1, vmm.stat("quote_completions"));
        assertTrue(s.msis.isEmpty(), "no vector stored, no MSI");
    }

    /** §N.4.1: one pair per TD, last writer wins; an APIC ID passed is honoured. */
    @Test
    void lastWriterWinsAndAPassedApicIdIsHonoured() throws Exception {
        Services s = new Services("vmm delay=1ms");
        TdxVmm vmm = new TdxVmm(s);
        setup(vmm, s, 0, 0xec, -1);
        setup(vmm, s, 0, 0x50, 1);
        header(s.memory, GPA, 1, 1024);
        getQuote(vmm, s, GPA, 4096);
        s.session.runFor(2_000_000);
        assertEquals(Kvm.msiAddress(1), s.msis.get(0)[0]);
        assertEquals(0x50, s.msis.get(0)[1] & 0xff);
    }

    /** §N.4.1, §N.4.2: notify=unsupported ignores the exit (KVM's SUBFUNC_UNSUPPORTED stays) and clears R11 bit 1. */
    @Test
    void anUnsupportedNotifyLeavesKvmsAnswer() throws Exception {
        Services s = new Services("vmm notify=unsupported");
        TdxVmm vmm = new TdxVmm(s);
        run.exitReason = KvmExitReasons.TDX;
        run.tdx.nr = Ghci.SETUP_EVENT_NOTIFY_INTERRUPT;
        run.tdx.ret = Ghci.SUBFUNC_UNSUPPORTED;
        run.tdx.vector = 0xec;
        assertFalse(vmm.handleExit(s.kvm().vcpu(0), run));
        assertEquals(Ghci.SUBFUNC_UNSUPPORTED, run.tdx.ret);
        run.tdx.nr = Ghci.GET_TD_VM_CALL_INFO;
        run.tdx.r11 = 0x1234;
        vmm.handleExit(s.kvm().vcpu(0), run);
        assertEquals(0, run.tdx.r11);
        TdxVmm supported = new TdxVmm(new Services(""));
        supported.handleExit(s.kvm().vcpu(0), run);
        assertEquals(Ghci.INFO_SETUP_EVENT_NOTIFY, run.tdx.r11);
    }
}
