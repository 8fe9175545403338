package org.kvmemu.tdx.module;

import org.kvmemu.api.guest.Guest;
import org.kvmemu.api.invariant.Invariants;
import org.kvmemu.api.kvm.KvmVcpu;
import org.kvmemu.api.platform.HostVectors;
import org.kvmemu.api.trace.Tracer;
import org.kvmemu.vmx.common.PiDesc;

/**
 * The TDX module as the host reaches it: only through SEAMCALLs. TDH.MNG.CREATE/INIT make a TD,
 * TDH.VP.CREATE/INIT a vCPU (whose TD-VMCS then names KVM's posted-interrupt descriptor and
 * notification vector 0xf2), TDH.VP.ENTER runs it until a TD exit, TDH.VP.RD and TDH.VP.WR read
 * and write the TDVPS fields a production TD lets the host see (behaviour.md §G). A read of the TD's
 * private state is refused with {@code TDX_METADATA_FIELD_NOT_READABLE} and reported as the
 * {@code protected-state-read} violation: this class is the trust boundary.
 */
public final class TdxModule {

    private final Tracer trace;
    private final Invariants invariants;

    /** The module on a host whose trace is {@code trace}, reporting broken invariants to {@code invariants}. */
    public TdxModule(Tracer trace, Invariants invariants) {
        this.trace = trace;
        this.invariants = invariants;
    }

    /** TDH.MNG.CREATE + TDH.MNG.INIT; {@code nmiUnblockAfterSeamret} selects the old module's SEAMRET. */
    public Td createTd(boolean nmiUnblockAfterSeamret) {
        return new Td(nmiUnblockAfterSeamret);
    }

    /**
     * TDH.VP.CREATE + TDH.VP.INIT for {@code vcpu} of {@code td}, running {@code guest}; the TD-VMCS
     * gets POSTED_INTR_NV = 0xf2 and POSTED_INTR_DESC_ADDR = {@code pid}. The module's CPU model
     * attaches itself and the TD's registers to {@code guest}.
     */
    public TdVcpu createVcpu(Td td, KvmVcpu vcpu, Guest guest, PiDesc pid) {
        pid.setNv(HostVectors.POSTED_INTR);
        return new TdVcpu(new TdCpu(td, vcpu, guest, pid));
    }

    /**
     * TDH.VP.ENTER: runs {@code vp} until a TD exit; {@code done} runs at SEAMRET, with RAX (status
     * and exit reason) and the exit's registers in {@code out}.
     */
    public void vpEnter(TdVcpu vp, VpEnterArgs out, Runnable done) {
        if (trace.on(TdxTracePoints.TDX_SEAMCALL)) {
            trace.emit(TdxTracePoints.TDX_SEAMCALL, vp.cpu.vcpu.task(), vp.cpu.vcpu.cpu(), vp.cpu.vcpu.id(),
                    "TDH.VP.ENTER");
        }
        vp.cpu.enter(out, done);
    }

    /**
     * TDH.VP.RD of {@code field}: the status; the value in {@code data[0]}. A field a production TD
     * keeps private is refused and reported.
     */
    public long vpRd(TdVcpu vp, TdvpsField field, long[] data) {
        TdCpu cpu = vp.cpu;
        long status;
        if (!field.readable()) {
            status = TdxStatus.METADATA_FIELD_NOT_READABLE;
            data[0] = 0;
            invariants.violated(Invariants.PROTECTED_STATE_READ, "TDH.VP.RD of " + field + " on vcpu "
                    + cpu.vcpu.id(), cpu.vcpu.task(), cpu.vcpu.cpu());
        } else {
            status = TdxStatus.SUCCESS;
            data[0] = switch (field) {
                case PEND_NMI -> cpu.pendNmi;
                case TD_VCPU_STATE_DETAILS_NON_ARCH -> cpu.vapic.intrPending() ? TdvpsField.INTR_PENDING : 0;
                default -> throw new IllegalStateException(field + " is readable but has no value");
            };
        }
        if (trace.on(TdxTracePoints.TDX_VP_RD)) {
            trace.emit(TdxTracePoints.TDX_VP_RD, cpu.vcpu.task(), cpu.vcpu.cpu(), cpu.vcpu.id(), field, data[0],
                    status);
        }
        return status;
    }

    /** TDH.VP.WR of {@code value} under {@code mask} to {@code field}: the status. */
    public long vpWr(TdVcpu vp, TdvpsField field, long value, long mask) {
        TdCpu cpu = vp.cpu;
        long status = field.writable() ? TdxStatus.SUCCESS : TdxStatus.METADATA_FIELD_NOT_WRITABLE;
        if (field == TdvpsField.PEND_NMI) {
            cpu.pendNmi = (cpu.pendNmi & ~mask) | (value & mask);
        }
        if (trace.on(TdxTracePoints.TDX_VP_WR)) {
            trace.emit(TdxTracePoints.TDX_VP_WR, cpu.vcpu.task(), cpu.vcpu.cpu(), cpu.vcpu.id(), field, value & mask,
                    status);
        }
        return status;
    }
}
