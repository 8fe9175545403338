package org.kvmemu.guest.tdx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kvmemu.api.guest.Ghci;
import org.kvmemu.api.guest.GuestMemory;
import org.kvmemu.api.guest.GuestRoutine;
import org.kvmemu.api.guest.Instruction;
import org.kvmemu.api.kvm.Errno;

/**
 * quote-wait's loops, driven step by step on a clock the test moves (docs/event-notify.md §N.5.2
 * to §N.5.4): the status reads of Linux's polling loop with its off-by-one, the handler modes'
 * limit, the signal, the post-checks.
 */
class QuoteWaitTest {

    private static final long S = 1_000_000_000L;

    private final GuestMemory memory = new GuestMemory();
    private final FakeKernel kernel = new FakeKernel(memory, 0);
    private final EventNotifyDriver driver = new EventNotifyDriver(EventNotifyMode.POLLING, 0xec, 0);
    private final QuoteBuffer buffer;
    private final QuoteRequest request;

    QuoteWaitTest() {
        driver.vcpu(kernel);
        buffer = driver.buffer(kernel, 0);
        buffer.prepare(4096, 1, 1024);
        request = new QuoteRequest(0, buffer, 4096, buffer.now());
        driver.addPending(request);
        memory.write64(buffer.gpa + Ghci.HDR_STATUS, Ghci.QUOTE_IN_FLIGHT);
    }

    private void complete(long outLen) {
        memory.write32(buffer.gpa + Ghci.HDR_OUT_LEN, outLen);
        memory.write64(buffer.gpa + Ghci.HDR_STATUS, Ghci.QUOTE_SUCCESS);
    }

    /** Steps the routine as the interpreter does, completing the request at {@code completeAt} (or never: -1). */
    private long runUntilDone(QuoteWait w, long completeAt) {
        long spin = w.step();
        while (spin != GuestRoutine.DONE) {
            long next = kernel.now + spin;
            if (completeAt >= 0 && kernel.now < completeAt && completeAt <= next) {
                complete(2048);
            }
            kernel.now = next;
            spin = w.step();
        }
        return kernel.now;
    }

    private QuoteWait polling(long signalAfter) {
        return new QuoteWait(driver, kernel, buffer, request, signalAfter, true);
    }

    /** §N.5.2: a completion between reads k-1 and k is seen at read k; only k = 30 gives -ETIMEDOUT. */
    @ParameterizedTest(name = "completes at {0} ms -> {1} at {2} s")
    @CsvSource({"5, 0, 1", "1000, 0, 1", "28500, 0, 29", "29500, -110, 30"})
    void pollingSeesTheStatusAtTheNextWholeSecond(long completeMs, int result, long seenS) {
        long end = runUntilDone(polling(Instruction.QuoteWait.NO_SIGNAL), completeMs * 1_000_000);
        assertEquals(List.of(result), kernel.results);
        assertEquals(seenS * S, end);
        assertTrue(kernel.ifSet, "quote-wait sets IF");
    }

    /** §N.5.2: still IN_FLIGHT at t0 + 30 s: the counter ends at 31, the wait returns 0, the post-check gives -EIO. */
    @Test
    void pollingOffByOneGivesEioAfterThirtySeconds() {
        long end = runUntilDone(polling(Instruction.QuoteWait.NO_SIGNAL), -1);
        assertEquals(List.of(-Errno.EIO), kernel.results);
        assertEquals(30 * S, end);
    }

    /** §N.5.4: the signal ends the wait with -EINTR and leaves the buffer IN_FLIGHT. */
    @Test
    void aSignalEndsTheWaitAndLeavesTheBufferInFlight() {
        runUntilDone(polling(2 * S), -1);
        assertEquals(List.of(-Errno.EINTR), kernel.results);
        assertEquals(Ghci.QUOTE_IN_FLIGHT, buffer.status());
    }

    /** §N.5.4: a status read due at the signal's instant happens first (completion at 1.5 s, both at 2 s). */
    @Test
    void aReadDueWithTheSignalWins() {
        QuoteWait w = polling(2 * S);
        runUntilDone(w, 1_500_000_000L);
        assertEquals(List.of(0), kernel.results);
    }

    /** §N.5.3: handler modes end on the mark, or with -ETIMEDOUT at t0 + 30 s; a status change alone ends nothing. */
    @Test
    void handlerModesWaitForTheMarkOrTheLimit() {
        QuoteWait w = new QuoteWait(driver, kernel, buffer, request, Instruction.QuoteWait.NO_SIGNAL, false);
        long end = runUntilDone(w, 5_000_000);
        assertEquals(List.of(-Errno.ETIMEDOUT), kernel.results);
        assertEquals(30 * S, end);
    }

    @Test
    void theHandlersMarkEndsTheWaitWithThePostChecks() {
        QuoteWait w = new QuoteWait(driver, kernel, buffer, request, Instruction.QuoteWait.NO_SIGNAL, false);
        w.step();
        complete(2048);
        assertEquals(1, driver.markFinished());
        assertEquals(List.of(0), kernel.woken);
        assertEquals(GuestRoutine.DONE, w.step());
        assertEquals(List.of(0), kernel.results);
        assertEquals(List.of(2048L), kernel.bytes);
    }

    /** §N.5.4: post-checks: SUCCESS with out_len > size - 24 is -EFBIG and hands out nothing. */
    @Test
    void anOutLenBeyondTheBufferIsEfbig() {
        QuoteWait w = polling(Instruction.QuoteWait.NO_SIGNAL);
        complete(4096 - 23);
        assertEquals(1, w.step());
        assertEquals(GuestRoutine.DONE, w.step());
        assertEquals(List.of(-Errno.EFBIG), kernel.results);
        assertEquals(List.of(0L), kernel.bytes);
    }

    /** Invariant quote-status-before-data: a final status written before out_len is caught at the post-checks. */
    @Test
    void aStatusWrittenBeforeOutLenIsAViolation() {
        QuoteWait w = polling(Instruction.QuoteWait.NO_SIGNAL);
        memory.write64(buffer.gpa + Ghci.HDR_STATUS, Ghci.QUOTE_SUCCESS);
        memory.write32(buffer.gpa + Ghci.HDR_OUT_LEN, 2048);
        w.step();
        w.step();
        assertEquals(List.of("quote-status-before-data"), kernel.violations);
    }

    /** §N.5.1 step 2: a later submission on the buffer ends the pending request without a result. */
    @Test
    void aRequestDroppedByALaterSubmissionEndsWithoutAResult() {
        QuoteWait w = polling(Instruction.QuoteWait.NO_SIGNAL);
        w.step();
        driver.dropPending(buffer);
        complete(2048);
        assertEquals(GuestRoutine.DONE, w.step());
        assertEquals(List.of(), kernel.results);
    }

    /** Invariant quote-completed-twice: one request, two results. */
    @Test
    void aSecondResultIsAViolation() {
        complete(2048);
        QuoteWait w = polling(Instruction.QuoteWait.NO_SIGNAL);
        w.step();
        w.step();
        driver.result(request, 0, 2048);
        assertEquals(List.of("quote-completed-twice"), kernel.violations);
        assertEquals(1, kernel.results.size());
    }
}
