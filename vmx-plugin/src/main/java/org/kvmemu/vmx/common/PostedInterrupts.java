package org.kvmemu.vmx.common;

import org.kvmemu.api.annotation.API;
import org.kvmemu.api.kvm.KvmVcpu;
import org.kvmemu.api.kvm.VcpuMode;
import org.kvmemu.api.platform.HostVectors;
import org.kvmemu.api.trace.TracePoint;
import org.kvmemu.api.trace.Tracer;

/**
 * The posted-interrupt code VMX and TDX share ({@code vmx/common.h}, {@code posted_intr.c}):
 * {@code __vmx_deliver_posted_interrupt} with {@code kvm_vcpu_trigger_posted_interrupt}, and
 * {@code vmx_apicv_pre_state_restore}; and the {@code pi_*} trace events they emit.
 */
@API(status = API.Status.INTERNAL, since = "2")
public final class PostedInterrupts {

    /** {@code pi_post}: a vector was posted to a vCPU's descriptor. */
    public static final TracePoint PI_POST = TracePoint.define("pi_post",
            "vcpu=<vcpu> vector=0x<vector> on=<on_before>-><on_after> sn=<sn> notify={none|wake|ipi"
            + " 0xf2|ipiv 0xf1|ipiv 0xf2}",
            (o, a) -> o
            .append("vcpu=").append(a[0]).append(" vector=0x").append(Integer.toHexString((Integer) a[1]))
            .append(" on=").append(a[2]).append("->").append(a[3]).append(" sn=").append(a[4])
            .append(" notify=").append(a[5]),
            "vcpu", "vector", "on_before", "on_after", "sn", "notify");

    /** {@code pi_sync_pir_to_irr}: KVM moved PIR into IRR. */
    public static final TracePoint PI_SYNC_PIR_TO_IRR = TracePoint.define("pi_sync_pir_to_irr",
            "vcpu=<vcpu> max_irr=<max_irr> rvi=0x<rvi> posted=<posted>",
            (o, a) -> o
            .append("vcpu=").append(a[0]).append(" max_irr=").append(a[1]).append(" rvi=0x")
            .append(Integer.toHexString((Integer) a[2])).append(" posted=").append(a[3]),
            "vcpu", "max_irr", "rvi", "posted");

    /** {@code pi_notify}: the CPU processed a notification vector in guest mode (no VM exit). */
    public static final TracePoint PI_NOTIFY = TracePoint.define("pi_notify",
            "vcpu=<vcpu> nv=0x<nv> rvi=0x<rvi>",
            (o, a) -> o
            .append("vcpu=").append(a[0]).append(" nv=0x").append(Integer.toHexString((Integer) a[1]))
            .append(" rvi=0x").append(Integer.toHexString((Integer) a[2])),
            "vcpu", "nv", "rvi");

    private PostedInterrupts() {
    }

    /**
     * {@code __vmx_deliver_posted_interrupt}: set PIR[vector] (already set: stop), set ON (already
     * set: stop), then {@code kvm_vcpu_trigger_posted_interrupt}: an IPI on the notification vector
     * to a vCPU in guest mode, a wake-up otherwise.
     */
    public static void deliver(VcpuVt vt, int vector) {
        KvmVcpu vcpu = vt.vcpu();
        PiDesc pid = vt.pid();
        Tracer trace = vcpu.kvm().trace();
        boolean onBefore = pid.on();
        if (pid.testAndSetPir(vector)) {
            post(trace, vcpu, vector, onBefore, onBefore, pid, "none");
            return;
        }
        if (pid.testAndSetOn()) {
            post(trace, vcpu, vector, true, true, pid, "none");
            return;
        }
        if (vcpu.mode() == VcpuMode.IN_GUEST_MODE) {
            post(trace, vcpu, vector, false, true, pid, "ipi 0xf2");
            vcpu.pcpu().sendIpi(trace.contextCpu(), HostVectors.POSTED_INTR);
        } else {
            post(trace, vcpu, vector, false, true, pid, "wake");
            vcpu.wakeUp();
        }
    }

    /** {@code vmx_apicv_pre_state_restore}: clear ON and PIR (before a reset or KVM_SET_LAPIC). */
    public static void apicvPreStateRestore(VcpuVt vt) {
        vt.pid().clearOn();
        vt.pid().pir().clearAll();
    }

    /** Traces {@code pi_post}: {@code vector} posted to {@code vcpu}, ON before and after, how it was notified. */
    public static void post(Tracer trace, KvmVcpu vcpu, int vector, boolean onBefore, boolean onAfter, PiDesc pid,
                            String how) {
        if (trace.on(PI_POST)) {
            trace.emit(PI_POST, trace.contextTask(), trace.contextCpu(), vcpu.id(), vector, onBefore ? 1 : 0, onAfter ? 1 : 0,
                    pid.sn() ? 1 : 0, how);
        }
    }
}
