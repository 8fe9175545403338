package org.kvmemu.tdx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kvmemu.api.kvm.VmxExitReasons;
import org.kvmemu.tdx.module.TdxStatus;
import org.kvmemu.tdx.module.VpEnterArgs;

/** {@code tdx_to_vmx_exit_reason}: how KVM names a TD exit from TDH.VP.ENTER's registers (spec §D.11, §D.15, §G). */
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
}
