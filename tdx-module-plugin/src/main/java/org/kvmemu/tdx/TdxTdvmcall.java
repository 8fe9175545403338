package org.kvmemu.tdx;

import org.kvmemu.api.guest.Ghci;
import org.kvmemu.api.kvm.KvmExitReasons;
import org.kvmemu.api.kvm.KvmRun;
import org.kvmemu.tdx.module.VpEnterArgs;

/**
 * KVM's side of the GHCI sub-functions that reach userspace (tdx.c, Linux v6.16): the part of
 * {@code handle_tdvmcall} after the leaves handled as VMX exits. GetTdVmCallInfo answers leaf 0
 * itself and exits with leaf 1 pre-filled SUCCESS; GetQuote checks only the shared bit;
 * SetupEventNotifyInterrupt only the vector's range; every other leaf gets SUBFUNC_UNSUPPORTED.
 * An exit to userspace fills {@code kvm_run.tdx} with {@code ret} pre-filled and sets
 * {@code complete_userspace_io}, which copies userspace's answer into the TD's registers on the
 * next KVM_RUN (event-notify.md §N.3).
 */
final class TdxTdvmcall {

    private TdxTdvmcall() {
    }

    /** {@code handle_tdvmcall} for the leaves not turned into VMX exit reasons: 1 to re-enter, 0 for userspace. */
    static int handle(VcpuTdx tdx) {
        long leaf = tdx.args.r11;
        if (leaf == Ghci.GET_TD_VM_CALL_INFO) {
            return getTdVmCallInfo(tdx);
        }
        if (leaf == Ghci.GET_QUOTE) {
            return getQuote(tdx);
        }
        if (leaf == Ghci.SETUP_EVENT_NOTIFY_INTERRUPT) {
            return setupEventNotifyInterrupt(tdx);
        }
        setReturnCode(tdx, Ghci.SUBFUNC_UNSUPPORTED);
        return 1;
    }

    /** {@code tdx_get_td_vm_call_info}: leaf 0 in the kernel (all zero), leaf 1 to userspace, else INVALID_OPERAND. */
    private static int getTdVmCallInfo(VcpuTdx tdx) {
        VpEnterArgs a = tdx.args;
        if (a.r12 == 0) {
            a.r11 = 0;
            a.r12 = 0;
            a.r13 = 0;
            a.r14 = 0;
            setReturnCode(tdx, Ghci.SUCCESS);
            return 1;
        }
        if (a.r12 != 1) {
            setReturnCode(tdx, Ghci.INVALID_OPERAND);
            return 1;
        }
        KvmRun.Tdx t = exitToUserspace(tdx, Ghci.GET_TD_VM_CALL_INFO, Ghci.SUCCESS);
        t.leaf = a.r12;
        t.r11 = 0;
        t.r12 = 0;
        t.r13 = 0;
        t.r14 = 0;
        tdx.vcpu().arch.completeUserspaceIo = tdx.completeGetTdVmCallInfo;
        return 0;
    }

    /**
     * {@code tdx_get_quote}: a GPA without the shared bit is INVALID_OPERAND without an exit;
     * otherwise userspace gets the GPA with the shared bit stripped and the size, unchecked.
     */
    private static int getQuote(VcpuTdx tdx) {
        long gpa = tdx.args.r12;
        if ((gpa & Ghci.SHARED_BIT) == 0) {
            setReturnCode(tdx, Ghci.INVALID_OPERAND);
            return 1;
        }
        KvmRun.Tdx t = exitToUserspace(tdx, Ghci.GET_QUOTE, Ghci.SUBFUNC_UNSUPPORTED);
        t.gpa = gpa & ~Ghci.SHARED_BIT;
        t.size = tdx.args.r13;
        tdx.vcpu().arch.completeUserspaceIo = tdx.completeSimple;
        return 0;
    }

    /**
     * {@code tdx_setup_event_notify_interrupt}: a vector outside 32..255 is INVALID_OPERAND without
     * an exit; otherwise userspace gets the vector (and, in this model, an APIC ID the guest passed
     * with R14 = 1 in R13).
     */
    private static int setupEventNotifyInterrupt(VcpuTdx tdx) {
        long vector = tdx.args.r12;
        if (Long.compareUnsigned(vector, 32) < 0 || Long.compareUnsigned(vector, 255) > 0) {
            setReturnCode(tdx, Ghci.INVALID_OPERAND);
            return 1;
        }
        KvmRun.Tdx t = exitToUserspace(tdx, Ghci.SETUP_EVENT_NOTIFY_INTERRUPT, Ghci.SUBFUNC_UNSUPPORTED);
        t.vector = vector;
        t.apicId = tdx.args.r14 == 1 ? tdx.args.r13 : -1;
        tdx.vcpu().arch.completeUserspaceIo = tdx.completeSimple;
        return 0;
    }

    private static KvmRun.Tdx exitToUserspace(VcpuTdx tdx, long nr, long ret) {
        KvmRun run = tdx.vcpu().run();
        run.exitReason = KvmExitReasons.TDX;
        KvmRun.Tdx t = run.tdx;
        t.flags = 0;
        t.nr = nr;
        t.ret = ret;
        return t;
    }

    /** {@code tdx_complete_simple}: R10 = userspace's {@code ret}. */
    static int completeSimple(VcpuTdx tdx) {
        setReturnCode(tdx, tdx.vcpu().run().tdx.ret);
        return 1;
    }

    /** {@code tdx_complete_get_td_vm_call_info}: R10 = {@code ret}, R11..R14 = userspace's outputs. */
    static int completeGetTdVmCallInfo(VcpuTdx tdx) {
        KvmRun.Tdx t = tdx.vcpu().run().tdx;
        setReturnCode(tdx, t.ret);
        tdx.args.r11 = t.r11;
        tdx.args.r12 = t.r12;
        tdx.args.r13 = t.r13;
        tdx.args.r14 = t.r14;
        return 1;
    }

    /** {@code tdvmcall_set_return_code}: R10. */
    private static void setReturnCode(VcpuTdx tdx, long status) {
        tdx.args.r10 = status;
    }
}
