package org.kvmemu.guest.tdx;

import java.util.Map;
import org.kvmemu.api.guest.DriverCpu;
import org.kvmemu.api.guest.GuestKernel;
import org.kvmemu.api.guest.GuestRoutine;
import org.kvmemu.api.guest.Instruction;

/**
 * The driver on one vCPU: its handler (v8's {@code tdx_event_notify_handler}: count, wake through
 * shared state, EOI) where the mode puts it, and the routines of {@code tdvmcall get-quote} and
 * {@code quote-wait} (spec §N.2, §N.5).
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
                    "0x" + Integer.toHexString(vector), woken);
        }
    }

    @Override
    public GuestRoutine routine(Instruction insn) {
        if (insn instanceof Instruction.Tdvmcall call && call.name().equals("get-quote")) {
            Map<String, String> a = call.args();
            return new GetQuoteSubmit(driver, kernel, driver.buffer(kernel, (int) number(a, "buffer", 0)),
                    number(a, "size", 0), number(a, "in-len", 1024), number(a, "version", 1),
                    number(a, "offset", 0), !"no".equals(a.get("shared")));
        }
        if (insn instanceof Instruction.QuoteWait wait) {
            QuoteBuffer buffer = driver.buffer(kernel, wait.buffer());
            return new QuoteWait(driver, kernel, buffer, driver.pendingOf(kernel.vcpu(), buffer), wait.signalAfterNs(),
                    driver.mode == EventNotifyMode.POLLING);
        }
        return null;
    }

    /** The argument {@code key} as written (decimal or 0x hex, up to 64 bits), or {@code dflt}. */
    private static long number(Map<String, String> args, String key, long dflt) {
        String text = args.get(key);
        if (text == null) {
            return dflt;
        }
        return text.startsWith("0x") ? Long.parseUnsignedLong(text.substring(2), 16) : Long.parseUnsignedLong(text);
    }
}
