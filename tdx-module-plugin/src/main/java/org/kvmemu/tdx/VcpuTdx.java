package org.kvmemu.tdx;

import java.util.function.IntSupplier;
import org.kvmemu.api.kvm.KvmVcpu;
import org.kvmemu.api.sim.SimEvent;
import org.kvmemu.tdx.module.TdVcpu;
import org.kvmemu.tdx.module.VpEnterArgs;
import org.kvmemu.vmx.common.VcpuVt;

/**
 * {@code struct vcpu_tdx}: the {@code vcpu_vt} shared with VMX (descriptor, wake-up link, exit
 * fields), the module's handle for the vCPU, the registers the last TDH.VP.ENTER returned
 * ({@code vp_enter_args}, {@code vp_enter_ret}) and the CPU it ran on. Nothing of the TD's own
 * state: that stays in the TDX module.
 */
final class VcpuTdx {

    final VcpuVt vt;
    final TdVcpu vp;
    /** {@code vp_enter_args}: what TDH.VP.ENTER returned. */
    final VpEnterArgs args = new VpEnterArgs();
    /** TDH.VP.RD's output, reused. */
    final long[] data = new long[1];
    /** {@code vcpu->arch.last_vmentry_cpu}. */
    int lastVmentryCpu = -1;
    /** TDH.VP.ENTER after {@code kvm_wait_lapic_expire}'s busy wait. */
    SimEvent enter;
    /** What runs at SEAMRET. */
    Runnable seamret;
    /** {@code tdx_complete_simple} for this vCPU. */
    final IntSupplier completeSimple = () -> TdxTdvmcall.completeSimple(this);
    /** {@code tdx_complete_get_td_vm_call_info} for this vCPU. */
    final IntSupplier completeGetTdVmCallInfo = () -> TdxTdvmcall.completeGetTdVmCallInfo(this);

    VcpuTdx(VcpuVt vt, TdVcpu vp) {
        this.vt = vt;
        this.vp = vp;
    }

    KvmVcpu vcpu() {
        return vt.vcpu();
    }

    /** {@code vp_enter_ret}: RAX of the last TDH.VP.ENTER. */
    long vpEnterRet() {
        return args.rax;
    }
}
