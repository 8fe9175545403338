package org.kvmemu.api.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The virtual clock, the (time, sequence) event queue and the seeded random source. */
class SimulatorTest {

    /** An event that logs "name@time" into a shared list when it fires. */
    private static final class Logged extends SimEvent {
        final String name;
        final Simulator sim;
        final List<String> log;

        Logged(String name, Simulator sim, List<String> log) {
            this.name = name;
            this.sim = sim;
            this.log = log;
        }

        @Override
        protected void fire() {
            log.add(name + "@" + sim.now());
        }
    }

    private final Simulator sim = new Simulator(42);
    private final List<String> log = new ArrayList<>();

    private Logged ev(String name) {
        return new Logged(name, sim, log);
    }

    @Test
    void eventsFireInTimeOrderWithTheClockAtTheirTime() {
        sim.at(30, ev("c"));
        sim.at(10, ev("a"));
        sim.after(20, ev("b"));
        sim.at(0, ev("zero"));
        assertEquals(Simulator.End.TIME, sim.run(100, 1000));
        assertEquals(List.of("zero@0", "a@10", "b@20", "c@30"), log);
        assertEquals(4, sim.firedEvents());
    }

    @Test
    void sameTimeEventsKeepSchedulingOrder() {
        // trace-format.md: two events at the same instant keep the order in which the model performed them
        sim.at(50, ev("x"));
        for (int i = 0; i < 5; i++) {
            sim.at(100, ev("t" + i));
        }
        sim.at(50, ev("y"));
        sim.run(1000, 1000);
        assertEquals(List.of("x@50", "y@50", "t0@100", "t1@100", "t2@100", "t3@100", "t4@100"), log);
    }

    @Test
    void eventsScheduledWhileFiringAtTheSameTimeRunAfterTheQueuedOnes() {
        sim.at(10, SimEvent.of(() -> {
            log.add("first@" + sim.now());
            sim.after(0, ev("child"));
        }));
        sim.at(10, ev("second"));
        sim.run(10, 1000);
        assertEquals(List.of("first@10", "second@10", "child@10"), log);
    }

    @Test
    void reschedulingAQueuedEventMovesItAndItFiresOnce() {
        Logged e = ev("e");
        sim.at(10, e);
        sim.at(50, e);
        assertTrue(e.isScheduled());
        assertEquals(50, e.time());
        Logged earlier = ev("earlier");
        sim.at(40, earlier);
        sim.at(5, earlier);
        sim.run(100, 1000);
        assertEquals(List.of("earlier@5", "e@50"), log);
        assertEquals(2, sim.firedEvents());
        assertFalse(e.isScheduled());
    }

    @Test
    void reschedulingToTheSameTimeGoesBehindEventsAlreadyThere() {
        Logged a = ev("a");
        sim.at(20, a);
        sim.at(20, ev("b"));
        sim.at(20, a);
        sim.run(100, 1000);
        assertEquals(List.of("b@20", "a@20"), log);
    }

    @Test
    void anEventCanRescheduleItselfWhileFiring() {
        SimEvent tick = new SimEvent() {
            @Override
            protected void fire() {
                log.add("tick@" + sim.now());
                sim.after(10, this);
            }
        };
        sim.at(0, tick);
        assertEquals(Simulator.End.TIME, sim.run(35, 1000));
        assertEquals(List.of("tick@0", "tick@10", "tick@20", "tick@30"), log);
        assertTrue(tick.isScheduled());
        assertEquals(40, tick.time());
        assertEquals(35, sim.now());
    }

    @Test
    void cancel() {
        Logged a = ev("a");
        Logged b = ev("b");
        Logged never = ev("never");
        sim.at(10, a);
        sim.at(20, b);
        assertFalse(sim.cancel(never));
        assertTrue(sim.cancel(a));
        assertFalse(a.isScheduled());
        assertFalse(sim.cancel(a));
        sim.run(100, 1000);
        assertEquals(List.of("b@20"), log);
        assertFalse(sim.cancel(b), "a fired event is no longer queued");
        // a cancelled event can be scheduled again
        sim.at(150, a);
        sim.run(200, 1000);
        assertEquals(List.of("b@20", "a@150"), log);
    }

    @Test
    void runEndsAtUntilWhenTheQueueDrains() {
        sim.at(10, ev("a"));
        assertEquals(Simulator.End.TIME, sim.run(1_000, 1000));
        assertEquals(1_000, sim.now());
        assertEquals(Simulator.End.TIME, sim.run(5_000, 1000));
        assertEquals(5_000, sim.now());
    }

    @Test
    void runStopsBeforeEventsAfterUntilAndLeavesThemQueued() {
        Logged late = ev("late");
        sim.at(10, ev("a"));
        sim.at(500, late);
        assertEquals(Simulator.End.TIME, sim.run(100, 1000));
        assertEquals(100, sim.now());
        assertEquals(List.of("a@10"), log);
        assertTrue(late.isScheduled());
        // an event exactly at until fires
        assertEquals(Simulator.End.TIME, sim.run(500, 1000));
        assertEquals(List.of("a@10", "late@500"), log);
        assertEquals(500, sim.now());
    }

    @Test
    void runStopsAtMaxEvents() {
        for (int i = 1; i <= 5; i++) {
            sim.at(i * 10, ev("e" + i));
        }
        assertEquals(Simulator.End.MAX_EVENTS, sim.run(1_000, 3));
        assertEquals(List.of("e1@10", "e2@20", "e3@30"), log);
        assertEquals(3, sim.firedEvents());
        assertEquals(30, sim.now(), "the clock stays at the last fired event");
    }

    @Test
    void reachingMaxEventsExactlyWhenTheQueueDrainsIsTime() {
        sim.at(10, ev("a"));
        sim.at(20, ev("b"));
        assertEquals(Simulator.End.TIME, sim.run(100, 2));
        assertEquals(100, sim.now());
    }

    @Test
    void runReturnsStoppedAfterTheStoppingEvent() {
        sim.at(10, ev("a"));
        sim.at(20, SimEvent.of(() -> {
            log.add("stop@" + sim.now());
            sim.stop();
        }));
        sim.at(20, ev("same-time"));
        sim.at(30, ev("later"));
        assertFalse(sim.isStopped());
        assertEquals(Simulator.End.STOPPED, sim.run(1_000, 1000));
        assertTrue(sim.isStopped());
        assertEquals(List.of("a@10", "stop@20"), log);
        assertEquals(20, sim.now());
        assertEquals(2, sim.firedEvents());
    }

    @Test
    void schedulingInThePastThrows() {
        sim.run(100, 1000);
        assertThrows(IllegalArgumentException.class, () -> sim.at(99, ev("past")));
        assertThrows(IllegalArgumentException.class, () -> sim.after(-1, ev("past")));
        Logged now = ev("now");
        sim.at(100, now);
        assertTrue(now.isScheduled());
    }

    @Test
    void reschedulingIntoThePastThrowsAndKeepsTheEventWhereItWas() {
        Logged e = ev("e");
        sim.at(50, SimEvent.of(() -> assertThrows(IllegalArgumentException.class, () -> sim.at(40, e))));
        sim.at(60, e);
        sim.run(100, 1000);
        assertEquals(List.of("e@60"), log);
    }

    /**
     * A reference model: a list of (time, seq, id), sorted on demand. Random schedule / reschedule /
     * cancel / bounded runs with many ties; the simulator must fire the same events in the same order,
     * report the same end and clock, and agree on which events are queued.
     */
    @Test
    void randomizedAgainstReferenceModel() {
        record Entry(long time, long seq, int id) {
        }

        SplitMix64 rnd = new SplitMix64(0x5eed_1234L);
        int n = 64;
        List<Integer> fired = new ArrayList<>();
        Simulator s = new Simulator(7);
        SimEvent[] events = new SimEvent[n];
        for (int i = 0; i < n; i++) {
            int id = i;
            events[i] = SimEvent.of(() -> fired.add(id));
        }
        List<Entry> model = new ArrayList<>();
        long seq = 0;
        long modelNow = 0;
        long modelFired = 0;
        List<Integer> expectedFired = new ArrayList<>();
        Comparator<Entry> order = Comparator.comparingLong(Entry::time).thenComparingLong(Entry::seq);

        for (int step = 0; step < 30_000; step++) {
            int op = rnd.nextInt(10);
            int id = rnd.nextInt(n);
            if (op < 5) {
                // schedule or reschedule; small delays give many same-time events
                long delay = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(20);
                s.after(delay, events[id]);
                int victim = id;
                model.removeIf(e -> e.id() == victim);
                model.add(new Entry(modelNow + delay, seq++, id));
            } else if (op < 7) {
                int victim = id;
                boolean queued = model.removeIf(e -> e.id() == victim);
                assertEquals(queued, s.cancel(events[id]), "cancel at step " + step);
            } else {
                long until = modelNow + rnd.nextInt(15);
                int budget = rnd.nextInt(6);
                Simulator.End end = s.run(until, s.firedEvents() + budget);

                model.sort(order);
                int done = 0;
                while (!model.isEmpty() && model.get(0).time() <= until && done < budget) {
                    Entry e = model.remove(0);
                    modelNow = e.time();
                    expectedFired.add(e.id());
                    done++;
                }
                modelFired += done;
                Simulator.End expectedEnd;
                if (!model.isEmpty() && model.get(0).time() <= until) {
                    expectedEnd = Simulator.End.MAX_EVENTS;
                } else {
                    expectedEnd = Simulator.End.TIME;
                    modelNow = Math.max(modelNow, until);
                }
                assertEquals(expectedEnd, end, "end at step " + step);
                assertEquals(modelNow, s.now(), "clock at step " + step);
                assertEquals(modelFired, s.firedEvents(), "fired count at step " + step);
                assertEquals(expectedFired.size(), fired.size(), "fired count at step " + step);
                for (int k = fired.size() - done; k < fired.size(); k++) {
                    assertEquals(expectedFired.get(k), fired.get(k), "fire order at step " + step);
                }
            }
            // which events are queued, and for when
            long[] expectedTimes = new long[n];
            long[] actualTimes = new long[n];
            Arrays.fill(expectedTimes, -1);
            for (Entry e : model) {
                expectedTimes[e.id()] = e.time();
            }
            for (int i = 0; i < n; i++) {
                actualTimes[i] = events[i].isScheduled() ? events[i].time() : -1;
            }
            if (!Arrays.equals(expectedTimes, actualTimes)) {
                assertArrayEquals(expectedTimes, actualTimes, "queued events at step " + step);
            }
        }
        // drain and compare the tail
        s.run(Long.MAX_VALUE, Long.MAX_VALUE);
        model.sort(order);
        for (Entry e : model) {
            expectedFired.add(e.id());
        }
        assertEquals(expectedFired, fired);
        assertTrue(fired.size() > 5_000, "the run fired " + fired.size() + " events");
    }

    // ---- SplitMix64 ----

    @Test
    void splitMixSameSeedSameSequence() {
        SplitMix64 a = new SplitMix64(123456789L);
        SplitMix64 b = new SplitMix64(123456789L);
        SplitMix64 c = new SplitMix64(123456790L);
        long[] xa = new long[1000];
        long[] xb = new long[1000];
        long[] xc = new long[1000];
        for (int i = 0; i < xa.length; i++) {
            xa[i] = a.nextLong();
            xb[i] = b.nextLong();
            xc[i] = c.nextLong();
        }
        assertArrayEquals(xa, xb);
        assertNotEquals(xa[0], xc[0]);
        assertFalse(Arrays.equals(xa, xc));
    }

    @Test
    void splitMixMatchesTheReferenceGenerator() {
        // Vigna's splitmix64.c seeded with 0
        SplitMix64 r = new SplitMix64(0);
        assertEquals(0xe220a8397b1dcdafL, r.nextLong());
        assertEquals(0x6e789e6aa1b965f4L, r.nextLong());
        assertEquals(0x06c45d188009454fL, r.nextLong());
    }

    @Test
    void simulatorRandomIsSeeded() {
        Simulator a = new Simulator(99);
        Simulator b = new Simulator(99);
        for (int i = 0; i < 100; i++) {
            assertEquals(a.random().nextLong(), b.random().nextLong());
        }
    }

    @Test
    void nextIntStaysInBoundsAndCoversTheRange() {
        SplitMix64 r = new SplitMix64(5);
        int[] seen = new int[10];
        for (int i = 0; i < 10_000; i++) {
            int v = r.nextInt(10);
            assertTrue(v >= 0 && v < 10, "nextInt(10) gave " + v);
            seen[v]++;
        }
        for (int v = 0; v < 10; v++) {
            assertTrue(seen[v] > 800, "value " + v + " seen " + seen[v] + " times");
        }
        for (int i = 0; i < 1000; i++) {
            assertEquals(0, r.nextInt(1));
            int big = r.nextInt(Integer.MAX_VALUE);
            assertTrue(big >= 0 && big < Integer.MAX_VALUE, "nextInt(MAX) gave " + big);
        }
    }

    @Test
    void nextIntRejectsNonPositiveBounds() {
        SplitMix64 r = new SplitMix64(5);
        assertThrows(IllegalArgumentException.class, () -> r.nextInt(0));
        assertThrows(IllegalArgumentException.class, () -> r.nextInt(-3));
    }

    @Test
    void tryAdvanceOutsideRunDoesNothing() {
        Simulator sim = new Simulator(0);
        assertFalse(sim.tryAdvance(10));
        assertEquals(0, sim.now());
    }

    @Test
    void tryAdvanceMovesTheClockWhenNothingIsDueAndCountsAsAnEvent() {
        Simulator sim = new Simulator(0);
        boolean[] advanced = new boolean[1];
        long[] seenAt = new long[1];
        sim.at(5, SimEvent.of(() -> {
            advanced[0] = sim.tryAdvance(40);
            seenAt[0] = sim.now();
        }));
        sim.at(50, SimEvent.of(() -> { }));
        sim.run(1000, 100);
        assertTrue(advanced[0]);
        assertEquals(40, seenAt[0]);
        assertEquals(3, sim.firedEvents());
    }

    @Test
    void tryAdvanceRefusesWhenAnEventIsDueAtOrBeforeTheTarget() {
        Simulator sim = new Simulator(0);
        boolean[] advanced = {true, true};
        sim.at(5, SimEvent.of(() -> {
            advanced[0] = sim.tryAdvance(50);
            advanced[1] = sim.tryAdvance(51);
        }));
        sim.at(50, SimEvent.of(() -> { }));
        sim.run(1000, 100);
        assertFalse(advanced[0], "an event at the same time keeps its place in the queue");
        assertFalse(advanced[1]);
    }

    @Test
    void tryAdvanceRespectsTheRunsTimeAndEventLimits() {
        Simulator sim = new Simulator(0);
        boolean[] advanced = {true, true};
        sim.at(5, SimEvent.of(() -> advanced[0] = sim.tryAdvance(101)));
        sim.run(100, 100);
        Simulator budget = new Simulator(0);
        budget.at(5, SimEvent.of(() -> advanced[1] = budget.tryAdvance(10)));
        budget.run(100, 1);
        assertFalse(advanced[0], "past until");
        assertFalse(advanced[1], "no event left in the budget");
    }
}
