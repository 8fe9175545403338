package org.kvmemu.tdx;

import org.kvmemu.api.kvm.Errno;
import org.kvmemu.api.kvm.ExitInfo;
import org.kvmemu.api.kvm.KvmExitReasons;
import org.kvmemu.api.kvm.KvmRun;
import org.kvmemu.api.kvm.KvmVcpu;
import org.kvmemu.api.kvm.VmxExitReasons;
import org.kvmemu.tdx.module.TdxStatus;
import org.kvmemu.tdx.module.VpEnterArgs;
import org.kvmemu.vmx.common.IntrInfo;
import org.kvmemu.vmx.common.VcpuVt;

/**
 * How KVM reads a TD exit (tdx.c): {@code tdx_to_vmx_exit_reason} from what TDH.VP.ENTER returned,
 * {@code tdx_handle_exit} in the kernel's order, and {@code tdx_get_exit_info} (behaviour.md §D.11, §D.12,
 * §D.15).
 */
final class TdxExits {

    /** {@code TDX_SW_ERROR}: bit 63 and bits 47:40. */
    static final long SW_ERROR = TdxStatus.ERROR | 0xFF0000000000L;
    /** The exit reason of an entry whose status KVM does not accept. */
    static final int UNKNOWN_EXIT = -1;
    /** {@code TDVMCALL_STATUS_SUCCESS}, returned to the TD in R10. */
    static final long TDVMCALL_STATUS_SUCCESS = 0;
    /** {@code TDVMCALL_STATUS_INVALID_OPERAND}. */
    static final long TDVMCALL_STATUS_INVALID_OPERAND = 0x8000000000000000L;

    private TdxExits() {
    }

    /**
     * {@code tdx_to_vmx_exit_reason}: -1 unless the status is success or one of the non-recoverable
     * ones that still carry a reason; a standard TDVMCALL becomes the exit its leaf names (HLT, I/O,
     * MSR accesses, CPUID; an EPT violation leaf is MMIO, EPT_MISCONFIG); a KVM hypercall is VMCALL.
     */
    static int toVmxExitReason(VpEnterArgs args) {
        long status = TdxStatus.status(args.rax);
        if (status != TdxStatus.SUCCESS && status != TdxStatus.NON_RECOVERABLE_VCPU
                && status != TdxStatus.NON_RECOVERABLE_TD && status != TdxStatus.NON_RECOVERABLE_TD_NON_ACCESSIBLE
                && status != TdxStatus.NON_RECOVERABLE_TD_WRONG_APIC_MODE) {
            return UNKNOWN_EXIT;
        }
        int reason = (int) args.rax;
        if (reason == VmxExitReasons.TDCALL) {
            if (args.r10 != 0) {
                return VmxExitReasons.VMCALL;
            }
            int leaf = (int) args.r11;
            switch (leaf) {
                case VmxExitReasons.CPUID, VmxExitReasons.HLT, VmxExitReasons.IO_INSTRUCTION,
                     VmxExitReasons.MSR_READ, VmxExitReasons.MSR_WRITE -> {
                    return leaf;
                }
                case VmxExitReasons.EPT_VIOLATION -> {
                    return VmxExitReasons.EPT_MISCONFIG;
                }
                default -> {
                    return reason;
                }
            }
        }
        return reason == VmxExitReasons.EPT_MISCONFIG ? UNKNOWN_EXIT : reason;
    }

    /** {@code tdx_failed_vmentry}: the failed-entry bit of a known reason. */
    static boolean failedVmentry(VcpuVt vt) {
        return vt.exitReason != UNKNOWN_EXIT && (vt.exitReason & VmxExitReasons.FAILED_VMENTRY) != 0;
    }

    /**
     * {@code tdx_handle_exit} for the exits this model produces: 1 to re-enter, 0 to return to
     * userspace with {@code run} filled in.
     */
    static int handleExit(VcpuTdx tdx) {
        KvmVcpu vcpu = tdx.vcpu();
        VcpuVt vt = tdx.vt;
        long ret = tdx.vpEnterRet();
        KvmRun run = vcpu.run();
        if (ret == VmxExitReasons.EPT_MISCONFIG) {
            vcpu.kvm().bugOn(true);
            return -Errno.EIO;
        }
        if ((ret & SW_ERROR) == SW_ERROR) {
            vcpu.kvm().bugOn(true);
            return unhandledExit(tdx);
        }
        if (failedVmentry(vt)) {
            run.exitReason = KvmExitReasons.FAIL_ENTRY;
            run.failEntryReason = vt.exitReason & 0xffffffffL;
            run.failEntryCpu = tdx.lastVmentryCpu;
            return 0;
        }
        if (TdxStatus.failed(ret) && vt.basicExitReason() != VmxExitReasons.TRIPLE_FAULT) {
            return unhandledExit(tdx);
        }
        switch (vt.basicExitReason()) {
            case VmxExitReasons.TRIPLE_FAULT -> {
                run.exitReason = KvmExitReasons.SHUTDOWN;
                return 0;
            }
            case VmxExitReasons.EXCEPTION_NMI -> {
                return handleExceptionNmi(vcpu, vt.exitIntrInfo);
            }
            case VmxExitReasons.EXTERNAL_INTERRUPT -> {
                vcpu.stat().irqExits++;
                return 1;
            }
            case VmxExitReasons.HLT -> {
                return vcpu.emulateHalt();
            }
            case VmxExitReasons.MSR_WRITE -> {
                return emulateWrmsr(tdx);
            }
            case VmxExitReasons.OTHER_SMI -> {
                return 1;
            }
            case VmxExitReasons.TDCALL -> {
                return TdxTdvmcall.handle(tdx);
            }
            default -> {
                return unhandledExit(tdx);
            }
        }
    }

    /**
     * TDVMCALL&lt;WRMSR&gt; through {@code kvm_emulate_wrmsr}: R12 is the MSR, R13 the value;
     * {@code tdx_set_msr} writes only what {@code tdx_has_emulated_msr} names, the write is traced
     * ({@code kvm_msr}, " (#GP)" when refused), and {@code tdx_complete_emulated_msr} returns the
     * status to the TD in R10 instead of injecting #GP.
     */
    private static int emulateWrmsr(VcpuTdx tdx) {
        KvmVcpu vcpu = tdx.vcpu();
        int msr = (int) tdx.args.r12;
        long value = tdx.args.r13;
        boolean fault;
        if (TdxMsrs.hasEmulatedMsr(msr)) {
            fault = vcpu.emulateWrmsr(msr, value) != 0;
        } else {
            vcpu.traceMsrWrite(msr, value, true);
            fault = true;
        }
        tdx.args.r10 = fault ? TDVMCALL_STATUS_INVALID_OPERAND : TDVMCALL_STATUS_SUCCESS;
        return 1;
    }

    /**
     * {@code tdx_handle_exception_nmi}: an NMI (handled on the way out) or #MC (handled in
     * {@code handle_exit_irqoff}) resumes; any other vector is KVM_EXIT_EXCEPTION with error code 0.
     */
    private static int handleExceptionNmi(KvmVcpu vcpu, int info) {
        if (IntrInfo.isNmi(info) || IntrInfo.isMachineCheck(info)) {
            return 1;
        }
        vcpu.run().exitReason = KvmExitReasons.EXCEPTION;
        vcpu.run().exceptionVector = info & 0xff;
        vcpu.run().exceptionErrorCode = 0;
        return 0;
    }

    /**
     * {@code unhandled_exit}: KVM_EXIT_INTERNAL_ERROR, suberror UNEXPECTED_EXIT_REASON, data = the
     * raw TDH.VP.ENTER RAX and the CPU of the last entry.
     */
    private static int unhandledExit(VcpuTdx tdx) {
        KvmRun run = tdx.vcpu().run();
        run.exitReason = KvmExitReasons.INTERNAL_ERROR;
        run.internalSuberror = KvmExitReasons.INTERNAL_ERROR_UNEXPECTED_EXIT_REASON;
        run.internalData[0] = tdx.vpEnterRet();
        run.internalData[1] = tdx.lastVmentryCpu;
        return 0;
    }

    /** {@code tdx_get_exit_info}: nothing but the reason for an unknown one. */
    static void getExitInfo(VcpuTdx tdx, ExitInfo out) {
        VcpuVt vt = tdx.vt;
        out.reason = vt.exitReason;
        boolean known = vt.exitReason != UNKNOWN_EXIT;
        out.info1 = known ? vt.exitQualification : 0;
        out.info2 = known ? tdx.args.rdx : 0;
        out.intrInfo = known ? vt.exitIntrInfo : 0;
        out.errorCode = 0;
    }
}
