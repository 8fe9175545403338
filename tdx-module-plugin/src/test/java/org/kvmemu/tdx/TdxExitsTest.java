package org.kvmemu.tdx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kvmemu.api.kvm.Errno;
import org.kvmemu.api.kvm.Kvm;
import org.kvmemu.api.kvm.KvmExitReasons;
import org.kvmemu.api.kvm.KvmRun;
import org.kvmemu.api.kvm.KvmVcpu;
import org.kvmemu.api.kvm.Lapic;
import org.kvmemu.api.kvm.VcpuStats;
import org.kvmemu.api.kvm.VmxExitReasons;
import org.kvmemu.tdx.module.TdxStatus;
import org.kvmemu.tdx.module.VpEnterArgs;
import org.kvmemu.vmx.common.IntrInfo;
import org.kvmemu.vmx.common.VcpuVt;

/**
 * {@code tdx_to_vmx_exit_reason} and {@code tdx_handle_exit}: how KVM names and handles a TD exit
 * from TDH.VP.ENTER's registers (behaviour.md §D.11, §D.12, §D.15, §G).
 */
class TdxExitsTest {

    private static int reason(long status, int exitReason, long r10, long r11) {
        VpEnterArgs args = new VpEnterArgs();
        args.rax = status | exitReason;
        args.r10 = r10;
        args.r11 = r11;
        return TdxExits.toVmxExitReason(args);
    }

    @ParameterizedTest(name = "TDVMCALL leaf {0} -> exit {1}")
    @CsvSource({"12, 12", "10, 10", "30, 30", "31, 31", "32, 32", "48, 49", "65540, 77"})
    void aStandardTdvmcallBecomesTheExitItsLeafNames(long leaf, int expected) {
        assertEquals(expected, reason(TdxStatus.SUCCESS, VmxExitReasons.TDCALL, 0, leaf));
    }

    @ParameterizedTest(name = "r10={0}")
    @CsvSource({"1", "0x10000"})
    void aNonStandardTdvmcallIsAKvmHypercall(String r10) {
        assertEquals(VmxExitReasons.VMCALL, reason(TdxStatus.SUCCESS, VmxExitReasons.TDCALL, Long.decode(r10),
                VmxExitReasons.HLT));
    }

    /** §D.15: the non-recoverable statuses still carry their exit reason (an MSMI's OTHER_SMI). */
    @ParameterizedTest
    @CsvSource({"0x4000000100000000", "0x4000000200000000", "0x6000000500000000", "0x6000000700000000"})
    void nonRecoverableStatusesKeepTheirReason(String status) {
        assertEquals(VmxExitReasons.OTHER_SMI, reason(Long.parseUnsignedLong(status.substring(2), 16),
                VmxExitReasons.OTHER_SMI, 0, 0));
    }

    /** Any other status (TDX_TD_FATAL, a busy operand, KVM's software error) has no reason: -1. */
    @ParameterizedTest
    @CsvSource({"0xE000060400000000", "0x8000020000000000", "0xC000010000000000"})
    void otherStatusesHaveNoReason(String status) {
        assertEquals(TdxExits.UNKNOWN_EXIT, reason(Long.parseUnsignedLong(status.substring(2), 16),
                VmxExitReasons.HLT, 0, 0));
    }

    /** A raw EPT misconfiguration cannot happen for a TD: -1, and tdx_handle_exit bugs the VM. */
    @ParameterizedTest
    @CsvSource({"49, -1", "0, 0", "1, 1", "6, 6"})
    void rawReasons(int raw, int expected) {
        assertEquals(expected, reason(TdxStatus.SUCCESS, raw, 0, 0));
    }

    // ---- tdx_handle_exit --------------------------------------------------------------------

    private final KvmRun run = new KvmRun();
    private final VcpuStats stats = new VcpuStats();
    private final Kvm kvm = mock(Kvm.class);
    private final Lapic apic = mock(Lapic.class);
    private final KvmVcpu vcpu = mock(KvmVcpu.class);
    private final VcpuTdx tdx;

    TdxExitsTest() {
        when(vcpu.run()).thenReturn(run);
        when(vcpu.stat()).thenReturn(stats);
        when(vcpu.kvm()).thenReturn(kvm);
        when(vcpu.apic()).thenReturn(apic);
        tdx = new VcpuTdx(new VcpuVt(vcpu), null);
        tdx.lastVmentryCpu = 3;
    }

    /** What TDH.VP.ENTER returned, read as tdx_vcpu_enter_exit reads it; then tdx_handle_exit. */
    private int handle(long rax, long rcx, int intrInfo) {
        tdx.args.rax = rax;
        tdx.args.rcx = rcx;
        tdx.args.r9 = intrInfo & 0xffffffffL;
        tdx.vt.exitQualification = rcx;
        tdx.vt.exitIntrInfo = intrInfo;
        tdx.vt.exitReason = TdxExits.toVmxExitReason(tdx.args);
        return TdxExits.handleExit(tdx);
    }

    /** §D.12: an MSMI's TDX_NON_RECOVERABLE_TD goes to unhandled_exit, the VM stays alive. */
    @Test
    void anMsmiIsAnInternalErrorWithTheRawStatusAndTheCpu() {
        long rax = TdxStatus.NON_RECOVERABLE_TD | VmxExitReasons.OTHER_SMI;
        assertEquals(0, handle(rax, 1, 0));
        assertEquals(KvmExitReasons.INTERNAL_ERROR, run.exitReason);
        assertEquals(KvmExitReasons.INTERNAL_ERROR_UNEXPECTED_EXIT_REASON, run.internalSuberror);
        assertEquals(rax, run.internalData[0]);
        assertEquals(3, run.internalData[1]);
        verify(kvm, never()).bugOn(true);
    }

    /** §D.12: every later entry of a fatal TD fails with TDX_TD_FATAL, the same internal error. */
    @Test
    void anEntryIntoAFatalTdIsAnInternalError() {
        assertEquals(0, handle(TdxStatus.TD_FATAL, 0, 0));
        assertEquals(KvmExitReasons.INTERNAL_ERROR, run.exitReason);
        assertEquals(TdxStatus.TD_FATAL, run.internalData[0]);
    }

    /** §D.15: a raw EPT_MISCONFIG in RAX is KVM_BUG_ON and -EIO. */
    @Test
    void aRawEptMisconfigBugsTheVm() {
        assertEquals(-Errno.EIO, handle(VmxExitReasons.EPT_MISCONFIG, 0, 0));
        verify(kvm).bugOn(true);
    }

    /** §D.15: a failed entry is KVM_EXIT_FAIL_ENTRY with the reason and the CPU. */
    @Test
    void aFailedEntryNamesTheReasonAndTheCpu() {
        int reason = VmxExitReasons.MCE_DURING_VMENTRY | VmxExitReasons.FAILED_VMENTRY;
        assertEquals(0, handle(reason & 0xffffffffL, 0, 0));
        assertEquals(KvmExitReasons.FAIL_ENTRY, run.exitReason);
        assertEquals(reason & 0xffffffffL, run.failEntryReason);
        assertEquals(3, run.failEntryCpu);
    }

    /** §D.11: NMI and #MC resume; any other exception goes to userspace with error code 0. */
    @Test
    void exceptionExits() {
        assertEquals(1, handle(VmxExitReasons.EXCEPTION_NMI, 0, IntrInfo.nmi()));
        assertEquals(1, handle(VmxExitReasons.EXCEPTION_NMI, 0, IntrInfo.hardException(IntrInfo.MC_VECTOR)));
        assertEquals(0, handle(VmxExitReasons.EXCEPTION_NMI, 0, IntrInfo.hardException(IntrInfo.UD_VECTOR)));
        assertEquals(KvmExitReasons.EXCEPTION, run.exitReason);
        assertEquals(IntrInfo.UD_VECTOR, run.exceptionVector);
        assertEquals(0, run.exceptionErrorCode);
    }

    /** §D.11, §D.12: an external interrupt counts irq_exits and resumes; a non-MSMI SMI resumes. */
    @Test
    void externalInterruptsAndSmisResume() {
        assertEquals(1, handle(VmxExitReasons.EXTERNAL_INTERRUPT, 0, IntrInfo.externalInterrupt(0xec)));
        assertEquals(1, stats.irqExits);
        assertEquals(1, handle(VmxExitReasons.OTHER_SMI, 0, 0));
    }

    private int wrmsr(int msr, long value) {
        tdx.args.r10 = 0;
        tdx.args.r11 = VmxExitReasons.MSR_WRITE;
        tdx.args.r12 = msr;
        tdx.args.r13 = value;
        return handle(VmxExitReasons.TDCALL, 0, 0);
    }

    /** TDVMCALL&lt;WRMSR&gt; of an emulated x2APIC register: kvm_emulate_wrmsr (written, traced), SUCCESS. */
    @Test
    void anEmulatedMsrIsWrittenAndSucceeds() {
        assertEquals(1, wrmsr(0x830, 0x4030));
        verify(vcpu).emulateWrmsr(0x830, 0x4030);
        assertEquals(TdxExits.TDVMCALL_STATUS_SUCCESS, tdx.args.r10);
    }

    /** §D.0: the TPR is the TD's own (tdx_has_emulated_msr is false): refused, INVALID_OPERAND, no #GP. */
    @Test
    void aRegisterTheCpuVirtualizesIsRefused() {
        assertEquals(1, wrmsr(0x808, 0x20));
        verify(vcpu, never()).emulateWrmsr(0x808, 0x20);
        verify(apic, never()).x2apicMsrWrite(0x808, 0x20);
        verify(vcpu).traceMsrWrite(0x808, 0x20, true);
        verify(vcpu, never()).queueException(anyInt(), anyBoolean(), anyInt());
        assertEquals(TdxExits.TDVMCALL_STATUS_INVALID_OPERAND, tdx.args.r10);
    }

    /** §D.7, §D.0: tdx_has_emulated_msr: no SMBASE; the x2APIC registers but TPR, PPR, EOI, ISR0, TMR0, IRR0. */
    @ParameterizedTest(name = "MSR {0}: {1}")
    @CsvSource({"0x9e, false", "0x6e0, true", "0x830, true", "0x832, true", "0x808, false", "0x80a, false",
        "0x80b, false", "0x810, false", "0x811, true", "0x818, false", "0x820, false", "0x1b, true"})
    void emulatedMsrs(String msr, boolean emulated) {
        assertEquals(emulated, TdxMsrs.hasEmulatedMsr(Integer.decode(msr)));
    }
}
