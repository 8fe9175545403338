package org.kvmemu.guest.tdx;

import org.kvmemu.api.guest.DriverCpu;
import org.kvmemu.api.guest.Ghci;
import org.kvmemu.api.guest.GuestKernel;
import org.kvmemu.api.guest.GuestRoutine;
import org.kvmemu.api.guest.Instruction;

/**
 * The driver on one vCPU: its handler (v8's {@code tdx_event_notify_handler}: count, wake through
 * shared state, EOI) where the mode puts it, and the routines of {@code tdvmcall get-quote} and
 * {@code quote-wait} (event-notify.md §N.2, §N.5).
 */
final class EventNotifyVcpu implements DriverCpu {

    private final EventNotifyDriver driver;
    private final GuestKernel kernel;

    EventNotifyVcpu(EventNotifyDriver driver, GuestKernel kernel) {
        this.driver = driver;
        this.kernel = kernel;
    }

    @Override
    public boolean handles(int vector) {
        return driver.handles(kernel.vcpu(), vector);
    }

    /** The handler's steps 1 and 2 (the delivery is already logged; the interpreter writes EOI after). */
    @Override
    public void handle(int vector) {
        kernel.notified();
        int woken = driver.markFinished();
        if (kernel.trace().on(GuestTdxTracePoints.GUEST_EVENT_NOTIFY)) {
            kernel.trace().emit(GuestTdxTracePoints.GUEST_EVENT_NOTIFY, kernel.task(), kernel.cpu(), kernel.vcpu(),
                    vector, woken);
        }
    }

    @Override
    public GuestRoutine routine(Instruction insn) {
        if (insn instanceof Instruction.Tdvmcall call && call.name().equals("get-quote")) {
            return new GetQuoteSubmit(driver, kernel, driver.buffer(kernel, (int) call.number("buffer", 0)),
                    call.number("size", 0), call.number("in-len", Ghci.TDREPORT_LEN), call.number("version", 1),
                    call.number("offset", 0), !"no".equals(call.args().get("shared")));
        }
        if (insn instanceof Instruction.QuoteWait wait) {
            QuoteBuffer buffer = driver.buffer(kernel, wait.buffer());
            return new QuoteWait(driver, kernel, buffer, driver.pendingOf(kernel.vcpu(), buffer), wait.signalAfterNs(),
                    driver.mode == EventNotifyMode.POLLING);
        }
        return null;
    }
}
