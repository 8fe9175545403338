package org.kvmemu.tdx.module;

import org.kvmemu.api.trace.TracePoint;
import org.kvmemu.api.trace.TracePoint.Field;

/**
 * kvmemu's own {@code tdx_*} events: the SEAMCALLs KVM makes and the steps the TDX module takes
 * that no kernel tracepoint shows. Task {@code tdxmod} for the module's own steps, the calling
 * vCPU's task for SEAMCALLs. Status codes and values are u64 numbers, written in hex in the text
 * format, as the kernel prints them.
 */
public final class TdxTracePoints {

    /** A SEAMCALL into the module: vcpu, leaf. */
    public static final TracePoint TDX_SEAMCALL = TracePoint.keyValue("tdx_seamcall", "vcpu", "leaf");
    /** SEAMRET back to KVM: vcpu, leaf, status (RAX), exit reason (basic, from RAX's low half). */
    public static final TracePoint TDX_SEAMRET = TracePoint.keyValue("tdx_seamret", Field.of("vcpu"), Field.of("leaf"),
            Field.hex("status"), Field.of("exit_reason"));
    /** TDH.VP.RD: vcpu, field, value, status. */
    public static final TracePoint TDX_VP_RD = TracePoint.keyValue("tdx_vp_rd", Field.of("vcpu"), Field.of("field"),
            Field.hex("value"), Field.hex("status"));
    /** TDH.VP.WR: vcpu, field, value, status. */
    public static final TracePoint TDX_VP_WR = TracePoint.keyValue("tdx_vp_wr", Field.of("vcpu"), Field.of("field"),
            Field.hex("value"), Field.hex("status"));
    /** The module arms NMI-window exiting for PEND_NMI (the TD's NMIs are blocked): vcpu. */
    public static final TracePoint TDX_NMI_WINDOW = TracePoint.keyValue("tdx_nmi_window", "vcpu");
    /** The module injects the NMI PEND_NMI holds and clears PEND_NMI: vcpu. */
    public static final TracePoint TDX_PEND_NMI_INJECT = TracePoint.keyValue("tdx_pend_nmi_inject", "vcpu");
    /** The module marks the TD fatal: vcpu, reason, the status TDH.VP.ENTER returns. */
    public static final TracePoint TDX_TD_FATAL = TracePoint.keyValue("tdx_td_fatal", Field.of("vcpu"), Field.of("reason"),
            Field.hex("status"));

    /** The module's trace task. */
    static final String TASK = "tdxmod";

    private TdxTracePoints() {
    }
}
