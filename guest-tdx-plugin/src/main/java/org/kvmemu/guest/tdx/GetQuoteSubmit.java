package org.kvmemu.guest.tdx;

import org.kvmemu.api.guest.Ghci;
import org.kvmemu.api.guest.GuestKernel;
import org.kvmemu.api.guest.GuestRoutine;
import org.kvmemu.api.guest.TdvmcallRegisters;
import org.kvmemu.api.kvm.Errno;

/**
 * {@code tdvmcall get-quote}: Linux's {@code tdx_report_new} up to the doorbell (event-notify.md §N.5.1): -EBUSY
 * while the buffer is IN_FLIGHT; else drop an earlier pending request on the buffer, prepare the
 * buffer, TDG.VP.VMCALL&lt;GetQuote&gt; ({@code tdx_hcall_get_quote}), and -EIO unless R10 is SUCCESS.
 */
final class GetQuoteSubmit implements GuestRoutine {

    private final EventNotifyDriver driver;
    private final GuestKernel kernel;
    private final QuoteBuffer buffer;
    private final long size;
    private final long inLen;
    private final long version;
    private final long offset;
    private final boolean shared;
    private final TdvmcallRegisters regs = new TdvmcallRegisters();
    private boolean called;
    private long prepared;

    GetQuoteSubmit(EventNotifyDriver driver, GuestKernel kernel, QuoteBuffer buffer, long size, long inLen,
                   long version, long offset, boolean shared) {
        this.driver = driver;
        this.kernel = kernel;
        this.buffer = buffer;
        this.size = size;
        this.inLen = inLen;
        this.version = version;
        this.offset = offset;
        this.shared = shared;
    }

    @Override
    public long step() {
        if (called) {
            if (regs.r10 == Ghci.SUCCESS) {
                driver.addPending(new QuoteRequest(kernel.vcpu(), buffer, size, prepared));
            } else {
                EventNotifyDriver.record(kernel, buffer, -Errno.EIO, 0);
            }
            return DONE;
        }
        if (buffer.status() == Ghci.QUOTE_IN_FLIGHT) {
            EventNotifyDriver.record(kernel, buffer, -Errno.EBUSY, 0);
            return DONE;
        }
        driver.dropPending(buffer);
        buffer.prepare(size, version, inLen);
        prepared = buffer.now();
        long gpa = (buffer.gpa + offset) | (shared ? Ghci.SHARED_BIT : 0);
        if (kernel.trace().on(GuestTdxTracePoints.GUEST_QUOTE_SUBMIT)) {
            kernel.trace().emit(GuestTdxTracePoints.GUEST_QUOTE_SUBMIT, kernel.task(), kernel.cpu(), kernel.vcpu(),
                    buffer.index, gpa, size);
        }
        called = true;
        regs.call(Ghci.GET_QUOTE, gpa, size, 0);
        kernel.tdvmcall("get-quote", regs);
        return 1;
    }
}
