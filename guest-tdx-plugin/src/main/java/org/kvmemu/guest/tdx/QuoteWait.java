package org.kvmemu.guest.tdx;

import org.kvmemu.api.guest.Ghci;
import org.kvmemu.api.guest.GuestKernel;
import org.kvmemu.api.guest.GuestRoutine;
import org.kvmemu.api.invariant.Invariants;
import org.kvmemu.api.kvm.Errno;

/**
 * {@code quote-wait}: the task waits in guest mode with IF=1 for its pending request (event-notify.md §N.5.2
 * to §N.5.4). Polling reads the status at t0, t0 + 1 s, ..., t0 + 30 s as Linux's
 * {@code wait_for_quote_completion} does, off-by-one included; the handler modes wait for the
 * handler's mark or the 30 s limit. A signal ends the wait with -EINTR; the post-checks
 * (Linux &ge; 7.0) give -EIO, -EFBIG or 0 with out_len bytes.
 */
final class QuoteWait implements GuestRoutine {

    /** {@code getquote_timeout}: 30 one-second sleeps. */
    static final int GETQUOTE_TIMEOUT = 30;
    static final long SECOND = 1_000_000_000L;

    private final EventNotifyDriver driver;
    private final GuestKernel kernel;
    private final QuoteBuffer buffer;
    private final QuoteRequest request;
    private final long signalAfterNs;
    private final boolean polling;
    private boolean started;
    private boolean prechecked;
    private long t0;
    /** Polling: the loop counter {@code i}, which is also the index of the next read. */
    private int reads;

    QuoteWait(EventNotifyDriver driver, GuestKernel kernel, QuoteBuffer buffer, QuoteRequest request,
              long signalAfterNs, boolean polling) {
        this.driver = driver;
        this.kernel = kernel;
        this.buffer = buffer;
        this.request = request;
        this.signalAfterNs = signalAfterNs;
        this.polling = polling;
    }

    /**
     * The first step is the {@code sti} (its shadow covers the next boundary); the reads and the
     * wait start at the step after.
     */
    @Override
    public long step() {
        if (!started) {
            started = true;
            kernel.sti();
            t0 = kernel.now();
            return request == null ? DONE : 1;
        }
        if (request.dropped) {
            return DONE;
        }
        long now = kernel.now();
        return polling ? poll(now) : awaitHandler(now);
    }

    /** {@code while (status == IN_FLIGHT && i++ < getquote_timeout) msleep_interruptible(1000)}. */
    private long poll(long now) {
        while (t0 + reads * SECOND <= now) {
            if (buffer.status() != Ghci.QUOTE_IN_FLIGHT) {
                return reads == GETQUOTE_TIMEOUT ? finish(-Errno.ETIMEDOUT, 0) : postChecks();
            }
            if (reads == GETQUOTE_TIMEOUT) {
                return postChecks();
            }
            reads++;
        }
        if (signalled(now)) {
            return finish(-Errno.EINTR, 0);
        }
        return until(now, t0 + reads * SECOND);
    }

    /** Wait for the handler's mark; the mark wins over the limit and the signal due at the same instant. */
    private long awaitHandler(long now) {
        if (!prechecked) {
            prechecked = true;
            if (buffer.status() != Ghci.QUOTE_IN_FLIGHT) {
                return postChecks();
            }
        }
        if (request.notified) {
            return postChecks();
        }
        if (now >= t0 + GETQUOTE_TIMEOUT * SECOND) {
            return finish(-Errno.ETIMEDOUT, 0);
        }
        if (signalled(now)) {
            return finish(-Errno.EINTR, 0);
        }
        return until(now, t0 + GETQUOTE_TIMEOUT * SECOND);
    }

    private boolean signalled(long now) {
        return signalAfterNs != org.kvmemu.api.guest.Instruction.QuoteWait.NO_SIGNAL && now >= t0 + signalAfterNs;
    }

    /** Spin until {@code deadline} or the signal, whichever is first. */
    private long until(long now, long deadline) {
        long end = deadline;
        if (signalAfterNs != org.kvmemu.api.guest.Instruction.QuoteWait.NO_SIGNAL) {
            end = Math.min(end, t0 + signalAfterNs);
        }
        return Math.max(1, end - now);
    }

    /** Linux ≥ 7.0: status ≠ SUCCESS is -EIO; out_len > size − 24 is -EFBIG; else 0 and out_len bytes. */
    private long postChecks() {
        long status = buffer.status();
        if (status != Ghci.QUOTE_SUCCESS) {
            return finish(-Errno.EIO, 0);
        }
        long outLen = buffer.outLen();
        checkWriteOrder(outLen);
        if (outLen > request.size - Ghci.HDR_SIZE) {
            return finish(-Errno.EFBIG, 0);
        }
        return finish(0, outLen);
    }

    /** Invariant {@code quote-status-before-data}: out_len and the data were written before the status. */
    private void checkWriteOrder(long outLen) {
        long status = buffer.statusStamp();
        long out = buffer.outLenStamp();
        long data = buffer.dataStamp(Math.min(outLen, Math.max(0, request.size - Ghci.HDR_SIZE)));
        if (out <= request.submitted || out > status || data > status) {
            kernel.invariants().violated(Invariants.QUOTE_STATUS_BEFORE_DATA, "buffer " + buffer.index
                    + " read SUCCESS before its out_len and Quote", kernel.task(), kernel.cpu());
        }
    }

    private long finish(int result, long bytes) {
        driver.result(request, result, bytes);
        return DONE;
    }
}
