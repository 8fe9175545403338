package org.kvmemu.api.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * behaviour.md §A.8 (halting and blocking): {@code kvm_vcpu_halt}'s {@code grow_halt_poll_ns}, {@code shrink_halt_poll_ns}
 * and {@code update_halt_poll_stats}.
 */
class HaltPollingTest {

    private final KvmFixture f = new KvmFixture(1, false);
    private final KvmVcpu v = f.vcpu(0);
    private final HaltPolling polling = new HaltPolling(v);

    @Test
    void growHaltPollNsStartsAtTheGrowStartThenDoubles() {
        assertEquals(0, polling.start(), "the first halt does not poll");
        polling.finish(50_000, false, 0, true, 50_000);
        assertEquals(10_000, polling.haltPollNs());
        polling.finish(50_000, true, 10_000, true, 40_000);
        assertEquals(20_000, polling.haltPollNs());
        assertEquals("kvm_halt_poll_ns: vcpu 0: halt_poll_ns 20000 (grow 10000)", f.lines.get(f.lines.size() - 1));
    }

    @Test
    void aHaltWithinThePollKeepsHaltPollNs() {
        polling.finish(50_000, false, 0, true, 50_000);
        polling.finish(3_000, true, 3_000, false, 0);
        assertEquals(10_000, polling.haltPollNs());
        assertEquals(1, v.stat().haltSuccessfulPoll);
        assertEquals(3_000, v.stat().haltPollSuccessNs);
    }

    @Test
    void shrinkHaltPollNsAfterAHaltLongerThanTheMaximumDropsBelowTheGrowStartToZero() {
        polling.finish(50_000, false, 0, true, 50_000);
        polling.finish(500_000, true, 10_000, true, 490_000);
        assertEquals(0, polling.haltPollNs(), "10000 / 2 is below halt_poll_ns_grow_start");
        assertEquals("kvm_halt_poll_ns: vcpu 0: halt_poll_ns 0 (shrink 10000)", f.lines.get(f.lines.size() - 1));
        assertEquals(1, v.stat().haltAttemptedPoll);
        assertEquals(0, v.stat().haltSuccessfulPoll);
        assertEquals(10_000, v.stat().haltPollFailNs);
        assertEquals(540_000, v.stat().haltWaitNs);
    }
}
