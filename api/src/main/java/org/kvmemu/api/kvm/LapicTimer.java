package org.kvmemu.api.kvm;

import org.kvmemu.api.annotation.API;
import org.kvmemu.api.apic.DeliveryMode;
import org.kvmemu.api.platform.Costs;
import org.kvmemu.api.platform.HostTimer;
import org.kvmemu.api.sim.SimEvent;
import org.kvmemu.api.trace.KvmTracePoints;
import org.kvmemu.api.trace.ModelTracePoints;
import org.kvmemu.api.trace.Tracer;

/**
 * The local APIC timer (lapic.c, behaviour.md §B "LVT timer" and "lapic_timer_advance"): one-shot, periodic
 * and TSC-deadline modes backed by a host hrtimer pinned to the vCPU's physical CPU; expiry as
 * {@code apic_timer_expired}; injection of pending expiries ({@code kvm_inject_apic_timer_irqs});
 * the timer advance and {@code kvm_wait_lapic_expire}. The APIC bus runs at 1 GHz (1 ns per count,
 * divide by 1), the guest TSC at {@link Costs#CPU_MHZ}.
 */
@API(status = API.Status.MAINTAINED, since = "1")
public final class LapicTimer implements HostTimer {

    /** LVTT mode one-shot (bits 18:17 = 0). */
    public static final int MODE_ONESHOT = 0;
    /** LVTT mode periodic (1). */
    public static final int MODE_PERIODIC = 1;
    /** LVTT mode TSC-deadline (2). */
    public static final int MODE_TSC_DEADLINE = 2;
    /** The longest one-shot or periodic count: TMICT is 32 bits, one count a ns (1 GHz bus, divide by 1). */
    public static final long MAX_TMICT_NS = 0xffffffffL;
    /** {@code min_timer_period_us} (default 200 µs), in ns. */
    public static final long MIN_PERIOD_NS = 200_000;
    /** {@code LAPIC_TIMER_ADVANCE_NS_INIT}. */
    public static final long ADVANCE_NS_INIT = 1000;
    /** {@code LAPIC_TIMER_ADVANCE_NS_MAX}. */
    public static final long ADVANCE_NS_MAX = 5000;
    /** {@code LAPIC_TIMER_ADVANCE_ADJUST_MIN}, cycles. */
    public static final long ADJUST_MIN = 100;
    /** {@code LAPIC_TIMER_ADVANCE_ADJUST_MAX}, cycles. */
    public static final long ADJUST_MAX = 10000;
    /** {@code LAPIC_TIMER_ADVANCE_ADJUST_STEP}. */
    public static final long ADJUST_STEP = 8;

    private final Lapic apic;
    private int lvtt = Lapic.LVT_MASKED;
    private long tmict;
    private long periodNs;
    private long targetNs;
    private long tscdeadline;
    private long expiredTscdeadline;
    private long timerAdvanceNs;
    private int pending;
    private final SimEvent hrtimer = new SimEvent() {
        @Override
        protected void fire() {
            apic.vcpu().pcpu().raiseTimer(LapicTimer.this);
        }
    };

    LapicTimer(Lapic apic, long timerAdvanceNs) {
        this.apic = apic;
        this.timerAdvanceNs = timerAdvanceNs;
    }

    /** LVTT. */
    public int lvtt() {
        return lvtt;
    }

    /** The LVTT mode (bits 18:17). */
    public int mode() {
        return (lvtt >> 17) & 3;
    }

    /** {@code lapic_timer.pending}: expiries not yet injected. */
    public int pending() {
        return pending;
    }

    /** {@code expired_tscdeadline}, in guest TSC cycles (0 = none). */
    public long expiredTscdeadline() {
        return expiredTscdeadline;
    }

    /** {@code timer_advance_ns}. */
    public long timerAdvanceNs() {
        return timerAdvanceNs;
    }

    private long now() {
        return apic.vcpu().kvm().sim().now();
    }

    private static long tsc(long ns) {
        return Costs.nsToCycles(ns);
    }

    /** TMICT, the initial count (ns at the model's 1 GHz bus). */
    long tmict() {
        return tmict;
    }

    /** Whether the hrtimer is armed. */
    boolean armed() {
        return hrtimer.isScheduled();
    }

    /**
     * {@code apic_update_lvtt}: only a switch into or out of TSC-deadline mode cancels the timer
     * ({@code cancel_apic_timer}, which also drops pending expiries) and zeroes TMICT, the period and
     * the deadline; a switch between one-shot and periodic keeps the running count, and a periodic
     * timer's period is limited ({@code limit_periodic_timer_frequency}).
     */
    void writeLvtt(int value) {
        int oldMode = mode();
        lvtt = value;
        if (mode() != oldMode) {
            if ((oldMode == MODE_TSC_DEADLINE) != (mode() == MODE_TSC_DEADLINE)) {
                cancelApicTimer();
                tmict = 0;
                periodNs = 0;
                tscdeadline = 0;
            }
            limitPeriodicTimerFrequency();
        }
    }

    /**
     * {@code limit_periodic_timer_frequency}: a periodic timer's period is at least
     * {@code min_timer_period_us}; the kernel's rate-limited message is a trace event here.
     */
    private void limitPeriodicTimerFrequency() {
        if (mode() == MODE_PERIODIC && periodNs != 0 && periodNs < MIN_PERIOD_NS) {
            KvmVcpu vcpu = apic.vcpu();
            Tracer trace = vcpu.kvm().trace();
            if (trace.on(ModelTracePoints.LAPIC_TIMER_PERIOD_CLAMPED)) {
                trace.emit(ModelTracePoints.LAPIC_TIMER_PERIOD_CLAMPED, vcpu.task(), vcpu.cpu(), vcpu.id(), periodNs,
                        MIN_PERIOD_NS);
            }
            periodNs = MIN_PERIOD_NS;
        }
    }

    /** A TMICT write: {@code cancel_apic_timer} and restart (ignored in TSC-deadline mode). */
    void writeTmict(long count) {
        if (mode() == MODE_TSC_DEADLINE) {
            return;
        }
        cancelApicTimer();
        tmict = count;
        if (count == 0) {
            return;
        }
        periodNs = count;
        limitPeriodicTimerFrequency();
        targetNs = now() + periodNs;
        apic.vcpu().kvm().sim().at(targetNs, hrtimer);
    }

    /**
     * {@code kvm_set_lapic_tscdeadline_msr} / {@code start_sw_tscdeadline}: {@code hrtimer_cancel}
     * (an expiry already pending stays pending), then arm the hrtimer at the deadline, early by
     * {@code timer_advance_ns}; a deadline already past or within the advance expires at once
     * ({@code apic_timer_expired(apic, false)}); 0 disarms.
     */
    void writeTscDeadline(long deadline) {
        if (mode() != MODE_TSC_DEADLINE) {
            return;
        }
        cancel();
        tscdeadline = deadline;
        if (deadline == 0) {
            return;
        }
        long guestTsc = tsc(now());
        long ns = Costs.cyclesToNs(deadline - guestTsc);
        if (deadline > guestTsc && ns > timerAdvanceNs) {
            apic.vcpu().kvm().sim().at(now() + ns - timerAdvanceNs, hrtimer);
        } else {
            timerExpired(false);
        }
    }

    /** INIT: the timer is masked and stopped. */
    void reset() {
        cancel();
        lvtt = Lapic.LVT_MASKED;
        tmict = 0;
        tscdeadline = 0;
        expiredTscdeadline = 0;
        pending = 0;
    }

    /** {@code atomic_set(&apic->lapic_timer.pending, 0)} (an SPIV write that disables the APIC). */
    void dropPending() {
        pending = 0;
    }

    /** {@code hrtimer_cancel}. */
    private void cancel() {
        apic.vcpu().kvm().sim().cancel(hrtimer);
    }

    /** {@code cancel_apic_timer}: the hrtimer is cancelled and pending expiries are dropped. */
    private void cancelApicTimer() {
        cancel();
        pending = 0;
    }

    /** The host hrtimer callback {@code apic_timer_fn}, run by the physical CPU's timer interrupt. */
    @Override
    public void expired() {
        timerExpired(true);
        if (mode() == MODE_PERIODIC && tmict != 0) {
            targetNs += periodNs;
            apic.vcpu().kvm().sim().at(Math.max(targetNs, now()), hrtimer);
        }
    }

    @Override
    public String name() {
        return "apic_timer_fn";
    }

    /**
     * {@code apic_timer_expired}: record the expired deadline; from the vCPU's own context with
     * APICv, inject now; else count it pending, KVM_REQ_UNBLOCK, and (from the hrtimer) kick.
     */
    void timerExpired(boolean fromTimerFn) {
        KvmVcpu vcpu = apic.vcpu();
        if (pending > 0) {
            return;
        }
        if (mode() == MODE_TSC_DEADLINE) {
            expiredTscdeadline = tscdeadline;
        }
        if (!fromTimerFn && vcpu.arch.apicvActive) {
            injectPending();
            return;
        }
        pending++;
        vcpu.makeRequest(KvmRequests.UNBLOCK);
        if (fromTimerFn) {
            vcpu.kick();
        }
    }

    /**
     * {@code kvm_inject_apic_timer_irqs}: deliver LVTT through {@code __apic_accept_irq}
     * ({@code kvm_apic_local_deliver}); one-shot and deadline timers are then spent.
     */
    void injectPending() {
        pending = 0;
        if (apic.enabled() && (lvtt & Lapic.LVT_MASKED) == 0) {
            boolean level = (lvtt & (1 << 15)) != 0;
            apic.acceptIrq(DeliveryMode.ofBits(lvtt), lvtt & 0xff, true, level);
        }
        if (mode() == MODE_TSC_DEADLINE) {
            tscdeadline = 0;
        } else if (mode() == MODE_ONESHOT) {
            targetNs = 0;
        }
    }

    /**
     * {@code kvm_wait_lapic_expire}: when a deadline timer fired early (advance) and its interrupt is
     * injected, trace the guest TSC's distance to the deadline, adapt {@code timer_advance_ns}, and
     * return how long to busy-wait before entry (ns); 0 when the conditions do not hold.
     */
    public long waitLapicExpire() {
        if (expiredTscdeadline == 0 || timerAdvanceNs == 0 || !timerIntInjected()) {
            return 0;
        }
        KvmVcpu vcpu = apic.vcpu();
        long deadline = expiredTscdeadline;
        expiredTscdeadline = 0;
        long guestTsc = tsc(now());
        long delta = guestTsc - deadline;
        Tracer trace = vcpu.kvm().trace();
        if (trace.on(KvmTracePoints.KVM_WAIT_LAPIC_EXPIRE)) {
            trace.emit(KvmTracePoints.KVM_WAIT_LAPIC_EXPIRE, vcpu.task(), vcpu.cpu(), vcpu.id(), delta);
        }
        adjustAdvance(delta);
        if (guestTsc >= deadline) {
            return 0;
        }
        long waitNs = Costs.cyclesToNs(deadline - guestTsc);
        return Math.min(waitNs, timerAdvanceNs);
    }

    /** {@code adjust_lapic_timer_advance}. */
    private void adjustAdvance(long deltaCycles) {
        long abs = Math.abs(deltaCycles);
        if (abs > ADJUST_MAX || abs < ADJUST_MIN) {
            return;
        }
        long ns = Costs.cyclesToNs(abs);
        timerAdvanceNs += deltaCycles < 0 ? -ns / ADJUST_STEP : ns / ADJUST_STEP;
        if (timerAdvanceNs > ADVANCE_NS_MAX) {
            timerAdvanceNs = ADVANCE_NS_INIT;
        }
    }

    /**
     * {@code lapic_timer_int_injected}: a protected APIC is assumed to have it; else the LVTT vector
     * is in IRR (APICv) or ISR (injected without APICv).
     */
    public boolean timerIntInjected() {
        if (apic.guestApicProtected()) {
            return true;
        }
        int vector = lvtt & 0xff;
        return apic.vcpu().arch.apicvActive ? apic.irr().test(vector) : apic.isr().test(vector);
    }
}
