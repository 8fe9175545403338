package org.kvmemu.tdx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kvmemu.api.guest.Ghci;
import org.kvmemu.api.kvm.KvmExitReasons;
import org.kvmemu.api.kvm.KvmRun;
import org.kvmemu.api.kvm.KvmVcpu;
import org.kvmemu.api.scenario.InstalledPlugins;
import org.kvmemu.api.scenario.RunOptions;
import org.kvmemu.api.scenario.ScenarioParser;
import org.kvmemu.api.scenario.ScenarioRunner;
import org.kvmemu.api.trace.output.TraceFilter;
import org.kvmemu.api.trace.output.TraceFormat;
import org.kvmemu.vmx.common.VcpuVt;

/**
 * KVM's side of the GHCI sub-functions that reach userspace (docs/event-notify.md §N.3): what
 * {@code handle_tdvmcall} answers itself, what it hands to userspace in {@code kvm_run.tdx}, and what
 * {@code complete_userspace_io} copies back into the TD's registers.
 */
class TdxTdvmcallTest {

    private static final InstalledPlugins PLUGINS = new InstalledPlugins(Map.of("tdx", new TdxBackendProvider()),
            Map.of());

    private VcpuTdx tdx;
    private KvmVcpu vcpu;

    @BeforeEach
    void aTdVcpu() throws Exception {
        vcpu = new ScenarioRunner(PLUGINS).session(new ScenarioParser(PLUGINS).parse("t.scenario",
                "machine backend=tdx vm=td vcpus=1\n"), new RunOptions(OptionalLong.empty(), TraceFilter.ALL,
                TraceFormat.TEXT, null)).kvm().vcpu(0);
        tdx = new VcpuTdx(new VcpuVt(vcpu), null);
        vcpu.run().exitReason = KvmExitReasons.INTR;
    }

    private int call(long leaf, long r12, long r13, long r14) {
        tdx.args.r10 = 0;
        tdx.args.r11 = leaf;
        tdx.args.r12 = r12;
        tdx.args.r13 = r13;
        tdx.args.r14 = r14;
        return TdxTdvmcall.handle(tdx);
    }

    /** GetQuote without the shared bit: INVALID_OPERAND in the kernel, no exit. */
    @Test
    void getQuoteWithoutTheSharedBitIsAnsweredByKvm() {
        assertEquals(1, call(Ghci.GET_QUOTE, Ghci.quoteBuffer(0), 4096, 0));
        assertEquals(Ghci.INVALID_OPERAND, tdx.args.r10);
        assertEquals(KvmExitReasons.INTR, vcpu.run().exitReason);
        assertNull(vcpu.arch.completeUserspaceIo);
    }

    /** GetQuote with the shared bit: KVM_EXIT_TDX with the bit stripped, the size unchecked, ret pre-filled. */
    @Test
    void getQuoteExitsWithTheGpaStripped() {
        assertEquals(0, call(Ghci.GET_QUOTE, Ghci.quoteBuffer(3) | Ghci.SHARED_BIT | 0x10, 5000, 0));
        KvmRun.Tdx t = vcpu.run().tdx;
        assertEquals(KvmExitReasons.TDX, vcpu.run().exitReason);
        assertEquals(Ghci.GET_QUOTE, t.nr);
        assertEquals(Ghci.quoteBuffer(3) | 0x10, t.gpa);
        assertEquals(5000, t.size);
        assertEquals(Ghci.SUBFUNC_UNSUPPORTED, t.ret);
        assertSame(tdx.completeSimple, vcpu.arch.completeUserspaceIo);
        t.ret = Ghci.RETRY;
        assertEquals(1, vcpu.arch.completeUserspaceIo.getAsInt());
        assertEquals(Ghci.RETRY, tdx.args.r10);
    }

    /** SetupEventNotifyInterrupt: 0..31 and anything above 255 never reach userspace. */
    @ParameterizedTest
    @ValueSource(longs = {0, 31, 256, -1})
    void anInvalidVectorIsAnsweredByKvm(long vector) {
        assertEquals(1, call(Ghci.SETUP_EVENT_NOTIFY_INTERRUPT, vector, 0, 0));
        assertEquals(Ghci.INVALID_OPERAND, tdx.args.r10);
        assertEquals(KvmExitReasons.INTR, vcpu.run().exitReason);
    }

    /** A valid vector exits; an APIC ID flagged by R14 = 1 is passed along (this model's extension). */
    @Test
    void aValidVectorExitsWithTheApicIdWhenPassed() {
        assertEquals(0, call(Ghci.SETUP_EVENT_NOTIFY_INTERRUPT, 0xec, 0, 0));
        assertEquals(0xec, vcpu.run().tdx.vector);
        assertEquals(-1, vcpu.run().tdx.apicId);
        assertEquals(0, call(Ghci.SETUP_EVENT_NOTIFY_INTERRUPT, 32, 3, 1));
        assertEquals(3, vcpu.run().tdx.apicId);
    }

    /** GetTdVmCallInfo: leaf 0 in the kernel, leaf 1 to userspace (SUCCESS pre-filled), others INVALID_OPERAND. */
    @Test
    void getTdVmCallInfoLeaves() {
        assertEquals(1, call(Ghci.GET_TD_VM_CALL_INFO, 0, 7, 7));
        assertEquals(Ghci.SUCCESS, tdx.args.r10);
        assertEquals(0, tdx.args.r13);
        assertEquals(1, call(Ghci.GET_TD_VM_CALL_INFO, 2, 0, 0));
        assertEquals(Ghci.INVALID_OPERAND, tdx.args.r10);
        assertEquals(0, call(Ghci.GET_TD_VM_CALL_INFO, 1, 0, 0));
        KvmRun.Tdx t = vcpu.run().tdx;
        assertEquals(Ghci.SUCCESS, t.ret);
        t.r11 = Ghci.INFO_SETUP_EVENT_NOTIFY;
        vcpu.arch.completeUserspaceIo.getAsInt();
        assertEquals(Ghci.INFO_SETUP_EVENT_NOTIFY, tdx.args.r11);
        assertEquals(Ghci.SUCCESS, tdx.args.r10);
    }

    /** Any other leaf: SUBFUNC_UNSUPPORTED (KVM commit b5aafcb4efd2). */
    @Test
    void anUnknownLeafIsSubfuncUnsupported() {
        assertEquals(1, call(0x10005, 0, 0, 0));
        assertEquals(Ghci.SUBFUNC_UNSUPPORTED, tdx.args.r10);
    }
}
