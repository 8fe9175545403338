package org.kvmemu.api.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kvmemu.api.platform.Costs;

/** The LVT timer register, behaviour.md §B "LVT timer": {@code apic_update_lvtt} and {@code cancel_apic_timer}. */
class LapicTimerTest {

    private static final int VECTOR = 0xec;
    private static final int ONESHOT = VECTOR;
    private static final int PERIODIC = VECTOR | LapicTimer.MODE_PERIODIC << 17;
    private static final int TSC_DEADLINE = VECTOR | LapicTimer.MODE_TSC_DEADLINE << 17;

    private KvmFixture f;
    private LapicTimer timer;

    @BeforeEach
    void setUp() {
        f = new KvmFixture(1, false);
        timer = f.vcpu(0).apic().timer();
    }

    @Test
    void apicUpdateLvttKeepsTheRunningCountBetweenOneShotAndPeriodic() {
        timer.writeLvtt(ONESHOT);
        timer.writeTmict(300_000);
        timer.writeLvtt(PERIODIC);
        assertEquals(300_000, timer.tmict());
        assertTrue(timer.armed());
        f.sim.run(350_000, Long.MAX_VALUE);
        assertEquals(1, timer.pending(), "the one-shot count expired");
        assertTrue(timer.armed(), "and, now periodic, apic_timer_fn re-armed it");
    }

    @Test
    void apicUpdateLvttClearsTheTimerOnlyIntoOrOutOfTscDeadlineMode() {
        timer.writeLvtt(PERIODIC);
        timer.writeTmict(300_000);
        timer.writeLvtt(TSC_DEADLINE);
        assertEquals(0, timer.tmict());
        assertFalse(timer.armed());
    }

    /** A one-shot timer of 1 µs that expired with the vCPU outside KVM_RUN: one pending expiry. */
    private void oneShotExpired() {
        timer.writeLvtt(ONESHOT);
        timer.writeTmict(1_000);
        f.sim.run(2_000, Long.MAX_VALUE);
        assertEquals(1, timer.pending());
    }

    @Test
    void cancelApicTimerDropsAPendingExpiry() {
        oneShotExpired();
        timer.writeLvtt(TSC_DEADLINE);
        assertEquals(0, timer.pending(), "cancel_apic_timer: atomic_set(&pending, 0)");
    }

    @Test
    void aModeChangeBetweenOneShotAndPeriodicKeepsAPendingExpiry() {
        oneShotExpired();
        timer.writeLvtt(PERIODIC);
        assertEquals(1, timer.pending());
    }

    @Test
    void kvmSetLapicTscdeadlineMsrOnlyCancelsTheHrtimer() {
        timer.writeLvtt(TSC_DEADLINE);
        timer.writeTscDeadline(Costs.nsToCycles(1_000));
        f.sim.run(2_000, Long.MAX_VALUE);
        assertEquals(1, timer.pending());
        timer.writeTscDeadline(Costs.nsToCycles(500_000));
        assertEquals(1, timer.pending(), "hrtimer_cancel leaves lapic_timer.pending");
        assertTrue(timer.armed());
    }
}
