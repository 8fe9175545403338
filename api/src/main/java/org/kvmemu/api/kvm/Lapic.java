package org.kvmemu.api.kvm;

import org.kvmemu.api.annotation.API;
import org.kvmemu.api.apic.ApicBitmap;
import org.kvmemu.api.apic.DeliveryMode;
import org.kvmemu.api.apic.Shorthand;
import org.kvmemu.api.apic.X2apicMsrs;
import org.kvmemu.api.trace.KvmTracePoints;
import org.kvmemu.api.trace.Tracer;

/**
 * KVM's emulated local APIC (lapic.c, behaviour.md §B): IRR, ISR and TMR, TPR and PPR, EOI, and
 * {@code __apic_accept_irq}. With APICv, this register page is also the virtual-APIC page the CPU
 * updates (vIRR, vISR), so a backend's hardware model works on these same bitmaps.
 *
 * <p>The model starts as a booted guest left it (docs/model-choices.md): x2APIC mode, software
 * enabled (SPIV 0x1ff), LVT0 ExtINT unmasked on the BSP (virtual-wire mode) and masked on APs.
 */
@API(status = API.Status.MAINTAINED, since = "1")
public final class Lapic {

    /** {@code APIC_LVT_MASKED}. */
    public static final int LVT_MASKED = 1 << 16;
    /** SPIV software-enable bit. */
    public static final int SPIV_ENABLED = 1 << 8;

    private final KvmVcpu vcpu;
    private final ApicBitmap irr = new ApicBitmap();
    private final ApicBitmap isr = new ApicBitmap();
    private final ApicBitmap tmr = new ApicBitmap();
    private int tpr;
    private int ppr;
    private int spiv = SPIV_ENABLED | 0xff;
    private int lvt0;
    private boolean hwEnabled = true;
    private int arbPrio;
    private boolean guestApicProtected;
    private final LapicTimer timer;
    private boolean pendingInit;
    private boolean pendingSipi;
    private int sipiVector;

    Lapic(KvmVcpu vcpu) {
        this.vcpu = vcpu;
        this.lvt0 = vcpu.id() == 0 ? DeliveryMode.EXTINT.bits() : LVT_MASKED;
        this.timer = new LapicTimer(this, vcpu.kvm().timerAdvanceNs());
    }

    /** The LVT timer. */
    public LapicTimer timer() {
        return timer;
    }

    /**
     * {@code kvm_x2apic_msr_write} / {@code kvm_lapic_reg_write} (and the TSC-deadline MSR): the
     * write a guest's WRMSR made, emulated by KVM. Returns 0, or 1 for a register it does not handle.
     */
    public int x2apicMsrWrite(int msr, long value) {
        if (msr == X2apicMsrs.TSC_DEADLINE) {
            timer.writeTscDeadline(value);
            return 0;
        }
        Tracer trace = vcpu.kvm().trace();
        if (msr == X2apicMsrs.ICR) {
            sendIpi((int) value, (int) (value >>> 32));
            traceWrite(trace, msr, value);
            return 0;
        }
        traceWrite(trace, msr, value);
        switch (msr) {
            case X2apicMsrs.EOI -> setEoi();
            case X2apicMsrs.TPR -> setTpr((int) value);
            case X2apicMsrs.SPIV -> writeSpiv((int) value);
            case X2apicMsrs.LVTT -> timer.writeLvtt(enabled() ? (int) value : (int) value | LVT_MASKED);
            case X2apicMsrs.TMICT -> timer.writeTmict(value & 0xffffffffL);
            case X2apicMsrs.TDCR -> {
                return value == 0xb ? 0 : 1;
            }
            default -> {
                return 1;
            }
        }
        return 0;
    }

    /**
     * An SPIV write ({@code kvm_lapic_reg_write} APIC_SPIV, {@code apic_set_spiv}): bit 8 enables or
     * disables the APIC in software; disabling masks every LVT and drops pending timer expiries.
     */
    private void writeSpiv(int value) {
        spiv = value & 0x3ff;
        if ((spiv & SPIV_ENABLED) == 0) {
            lvt0 |= LVT_MASKED;
            timer.writeLvtt(timer.lvtt() | LVT_MASKED);
            timer.dropPending();
        }
    }

    /** SPIV. */
    public int spiv() {
        return spiv;
    }

    /** {@code trace_kvm_apic_write}: {@code kvm_lapic_reg_write} traces first; an x2APIC ICR write after sending. */
    private void traceWrite(Tracer trace, int msr, long value) {
        if (trace.on(KvmTracePoints.KVM_APIC)) {
            trace.emit(KvmTracePoints.KVM_APIC, vcpu.task(), vcpu.cpu(), 1, X2apicMsrs.offset(msr), value);
        }
    }

    /** {@code kvm_apic_send_ipi}: an ICR write sends an IPI. */
    public void sendIpi(int icrLow, int dest) {
        Tracer trace = vcpu.kvm().trace();
        if (trace.on(KvmTracePoints.KVM_APIC_IPI)) {
            trace.emit(KvmTracePoints.KVM_APIC_IPI, vcpu.task(), vcpu.cpu(), icrLow, dest);
        }
        Shorthand sh = Shorthand.ofIcr(icrLow);
        boolean level = (icrLow & (1 << 14)) != 0;
        boolean trig = (icrLow & (1 << 15)) != 0;
        vcpu.kvm().irqDeliveryToApic(this, dest, sh, DeliveryMode.ofBits(icrLow), icrLow & 0xff, level, trig);
    }

    /** The vCPU this APIC belongs to. */
    public KvmVcpu vcpu() {
        return vcpu;
    }

    /** The APIC ID (the vCPU index in this model). */
    public int id() {
        return vcpu.id();
    }

    /** The interrupt request register. */
    public ApicBitmap irr() {
        return irr;
    }

    /** The in-service register. */
    public ApicBitmap isr() {
        return isr;
    }

    /** The trigger-mode register. */
    public ApicBitmap tmr() {
        return tmr;
    }

    /** TPR. */
    public int tpr() {
        return tpr;
    }

    /** PPR as last computed. */
    public int ppr() {
        return ppr;
    }

    /** LVT0. */
    public int lvt0() {
        return lvt0;
    }

    /** {@code apic->guest_apic_protected}: KVM cannot read the real APIC state (a TD). */
    public boolean guestApicProtected() {
        return guestApicProtected;
    }

    /** Marks the APIC protected (TDX vCPU creation). */
    public void setGuestApicProtected(boolean value) {
        guestApicProtected = value;
    }

    /** {@code kvm_apic_hw_enabled} and {@code kvm_apic_sw_enabled}. */
    public boolean enabled() {
        return hwEnabled && (spiv & SPIV_ENABLED) != 0;
    }

    /**
     * {@code __apic_update_ppr}: PPR from TPR and the highest in-service vector; returns true when
     * PPR dropped.
     */
    boolean updatePprRaw() {
        int isrv = Math.max(isr.highest(), 0);
        int newPpr = (tpr & 0xf0) >= (isrv & 0xf0) ? tpr & 0xff : isrv & 0xf0;
        int old = ppr;
        ppr = newPpr;
        return newPpr < old;
    }

    /**
     * {@code apic_update_ppr}: recompute PPR; if it dropped and an IRR vector now beats it, raise
     * KVM_REQ_EVENT.
     */
    public void updatePpr() {
        if (updatePprRaw() && hasInterruptForPpr(ppr) != -1) {
            vcpu.makeRequest(KvmRequests.EVENT);
        }
    }

    /**
     * The CPU wrote TPR in the virtual-APIC page (a CR8 write under the TPR shadow): only the
     * register changes; KVM recomputes PPR when it next looks.
     */
    public void tprWrittenByCpu(int value) {
        tpr = value & 0xff;
    }

    /** {@code apic_set_tpr} (a TPR or CR8 write). */
    public void setTpr(int value) {
        tpr = value & 0xff;
        updatePpr();
    }

    /**
     * The highest IRR vector deliverable above {@code forPpr}, or -1 ({@code apic_has_interrupt_for_ppr}):
     * through {@code sync_pir_to_irr} whenever the backend has it, whether or not APICv is active now.
     */
    int hasInterruptForPpr(int forPpr) {
        int highest = vcpu.kvm().syncPirToIrr(vcpu);
        if (highest == -1 || (highest & 0xf0) <= forPpr) {
            return -1;
        }
        return highest;
    }

    /** {@code kvm_apic_has_interrupt}: the vector KVM would inject now, or -1. */
    public int hasInterrupt() {
        if (guestApicProtected) {
            return -1;
        }
        updatePprRaw();
        return hasInterruptForPpr(ppr);
    }

    /** {@code kvm_apic_ack_interrupt}: IRR to ISR for {@code vector}, then PPR. */
    public void ackInterrupt(int vector) {
        irr.clear(vector);
        isr.set(vector);
        if (vcpu.arch.apicvActive) {
            vcpu.kvm().hwapicIsrUpdate(vcpu, vector);
        }
        updatePprRaw();
    }

    /** {@code apic_set_eoi}: retire the highest in-service vector; returns it, or -1. */
    public int setEoi() {
        int vector = isr.highest();
        Tracer trace = vcpu.kvm().trace();
        if (trace.on(KvmTracePoints.KVM_EOI)) {
            trace.emit(KvmTracePoints.KVM_EOI, vcpu.task(), vcpu.cpu(), vcpu.id(), vector);
        }
        if (vector == -1) {
            return -1;
        }
        isr.clear(vector);
        if (vcpu.arch.apicvActive) {
            vcpu.kvm().hwapicIsrUpdate(vcpu, isr.highest());
        }
        updatePpr();
        ioapicSendEoi(vector);
        vcpu.makeRequest(KvmRequests.EVENT);
        return vector;
    }

    /**
     * {@code kvm_ioapic_send_eoi} with the split irqchip: an EOI of a vector userspace's I/O APIC
     * handles ({@code ioapic_handled_vectors}) becomes KVM_REQ_IOAPIC_EOI_EXIT (and a rescan if it
     * was a stale pending EOI of an old route).
     */
    private void ioapicSendEoi(int vector) {
        if (!vcpu.arch.ioapicHandledVectors.test(vector)) {
            return;
        }
        if (vcpu.arch.highestStalePendingIoapicEoi == vector) {
            vcpu.makeRequest(KvmRequests.SCAN_IOAPIC);
        }
        vcpu.arch.pendingIoapicEoi = vector;
        vcpu.makeRequest(KvmRequests.IOAPIC_EOI_EXIT);
    }

    /**
     * {@code kvm_apic_set_eoi_accelerated}: the CPU already retired {@code vector} from the virtual
     * ISR (an EOI-induced exit: the vector is in the EOI-exit bitmap); KVM traces it, tells
     * userspace's I/O APIC ({@code kvm_ioapic_send_eoi}) and re-evaluates events.
     */
    public void setEoiAccelerated(int vector) {
        Tracer trace = vcpu.kvm().trace();
        if (trace.on(KvmTracePoints.KVM_EOI)) {
            trace.emit(KvmTracePoints.KVM_EOI, vcpu.task(), vcpu.cpu(), vcpu.id(), vector);
        }
        ioapicSendEoi(vector);
        vcpu.makeRequest(KvmRequests.EVENT);
    }

    /** {@code kvm_apic_accept_pic_intr}: whether an ExtINT from the PIC/userspace may be taken. */
    public boolean acceptPicIntr() {
        return !hwEnabled || ((lvt0 & LVT_MASKED) == 0 && DeliveryMode.ofBits(lvt0) == DeliveryMode.EXTINT);
    }

    /**
     * {@code __apic_accept_irq}: accept an interrupt of {@code mode} for this APIC.
     *
     * @param level     the level for level-triggered delivery (asserted = true)
     * @param trigLevel level-triggered
     * @return 1 when accepted, 0 when dropped
     */
    public int acceptIrq(DeliveryMode mode, int vector, boolean level, boolean trigLevel) {
        Tracer trace = vcpu.kvm().trace();
        if (trace.on(KvmTracePoints.KVM_APIC_ACCEPT_IRQ)) {
            trace.emit(KvmTracePoints.KVM_APIC_ACCEPT_IRQ, trace.contextTask(), trace.contextCpu(), vcpu.id(),
                    mode.bits(),
                    trigLevel ? 1 : 0, vector);
        }
        switch (mode) {
            case LOWEST:
                arbPrio++;
                return acceptFixed(mode, vector, level, trigLevel);
            case FIXED:
                return acceptFixed(mode, vector, level, trigLevel);
            case NMI:
                vcpu.kvm().injectNmi(vcpu);
                vcpu.kick();
                return 1;
            case SMI:
                if (vcpu.kvm().injectSmi(vcpu) == 0) {
                    vcpu.kick();
                    return 1;
                }
                return 0;
            case INIT:
                if (!trigLevel || level) {
                    pendingInit = true;
                    pendingSipi = false;
                    vcpu.makeRequest(KvmRequests.EVENT);
                    vcpu.kick();
                    return 1;
                }
                return 0;
            case REMRD:
                vcpu.arch.pvUnhalted = true;
                vcpu.makeRequest(KvmRequests.EVENT);
                vcpu.kick();
                return 1;
            case STARTUP:
                sipiVector = vector;
                pendingSipi = true;
                vcpu.makeRequest(KvmRequests.EVENT);
                vcpu.kick();
                return 1;
            default:
                return 0;
        }
    }

    private int acceptFixed(DeliveryMode mode, int vector, boolean level, boolean trigLevel) {
        if (trigLevel && !level) {
            return 0;
        }
        if (!enabled()) {
            return 0;
        }
        if (trigLevel) {
            tmr.set(vector);
        } else {
            tmr.clear(vector);
        }
        vcpu.kvm().ops().deliverInterrupt(this, mode.bits(), trigLevel, vector);
        return 1;
    }

    /** {@code kvm_apic_has_pending_init_or_sipi}. */
    public boolean hasPendingInitOrSipi() {
        return pendingInit || pendingSipi;
    }

    /**
     * {@code kvm_apic_accept_events} (behaviour.md §B INIT/SIPI): when INIT/SIPI is not allowed (SMM, or
     * {@code apic_init_signal_blocked}) the SIPI is dropped and INIT stays latched. Else INIT resets
     * the vCPU (the BSP runs again, an AP waits in INIT_RECEIVED) and a SIPI to a vCPU in
     * INIT_RECEIVED starts it at the SIPI vector.
     */
    void acceptEvents() {
        if (!pendingInit && !pendingSipi) {
            return;
        }
        if (!vcpu.initSipiAllowed()) {
            pendingSipi = false;
            return;
        }
        boolean init = pendingInit;
        boolean sipi = pendingSipi;
        pendingInit = false;
        pendingSipi = false;
        if (init) {
            vcpu.reset(true);
            vcpu.arch.mpState = vcpu.id() == 0 ? MpState.RUNNABLE : MpState.INIT_RECEIVED;
        }
        if (sipi && vcpu.arch.mpState == MpState.INIT_RECEIVED) {
            vcpu.kvm().ops().vcpuDeliverSipiVector(vcpu, sipiVector);
            vcpu.arch.mpState = MpState.RUNNABLE;
        }
    }

    /**
     * {@code kvm_lapic_reset} for INIT: IRR, ISR and TMR cleared, TPR and PPR 0, posted state
     * cleared, every LVT masked except the BSP's LVT0, which is ExtINT again
     * ({@code KVM_X86_QUIRK_LINT0_REENABLED}), and SPIV = 0xff: the APIC is software-disabled until
     * the guest's start-up code writes SPIV (docs/model-choices.md, "INIT and SIPI").
     */
    void reset() {
        spiv = 0xff;
        lvt0 = vcpu.id() == 0 ? DeliveryMode.EXTINT.bits() : LVT_MASKED;
        irr.clearAll();
        isr.clearAll();
        tmr.clearAll();
        tpr = 0;
        ppr = 0;
        timer.reset();
        vcpu.kvm().apicvPreStateRestore(vcpu);
        if (vcpu.arch.apicvActive) {
            vcpu.kvm().hwapicIsrUpdate(vcpu, -1);
        }
    }

    /** The registers KVM_GET_LAPIC copies out ({@code struct kvm_lapic_state}, the parts modelled). */
    public record State(long[] irr, long[] isr, long[] tmr, int tpr) {
    }

    /** A copy of IRR, ISR, TMR and TPR. */
    State saveState() {
        return new State(words(irr), words(isr), words(tmr), tpr);
    }

    /** Writes {@code s} back, then PPR; with APICv, SVI and RVI follow ({@code hwapic_isr_update}, sync). */
    void restoreState(State s) {
        load(irr, s.irr());
        load(isr, s.isr());
        load(tmr, s.tmr());
        tpr = s.tpr();
        updatePprRaw();
        if (vcpu.arch.apicvActive) {
            vcpu.kvm().hwapicIsrUpdate(vcpu, isr.highest());
            vcpu.kvm().syncPirToIrr(vcpu);
        }
    }

    private static long[] words(ApicBitmap b) {
        return new long[] {b.word(0), b.word(1), b.word(2), b.word(3)};
    }

    private static void load(ApicBitmap b, long[] words) {
        b.clearAll();
        for (int w = 0; w < 4; w++) {
            for (int bit = 0; bit < 64; bit++) {
                if ((words[w] & (1L << bit)) != 0) {
                    b.set(w * 64 + bit);
                }
            }
        }
    }

    /** {@code apic_arb_prio}: lowest-priority arbitrations won. */
    public int arbPrio() {
        return arbPrio;
    }
}
