package org.kvmemu.guest.tdx;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.kvmemu.api.guest.DriverCpu;
import org.kvmemu.api.guest.Ghci;
import org.kvmemu.api.guest.GuestDriver;
import org.kvmemu.api.guest.GuestKernel;
import org.kvmemu.api.guest.Instruction;
import org.kvmemu.api.invariant.Invariants;
import org.kvmemu.api.kvm.Errno;

/**
 * The TD guest's event-notify and GetQuote driver of one TD (event-notify.md §N.2): its mode, its vector and
 * CPU, the Quote buffers (shared memory, one per buffer number, TD-wide) and the pending requests
 * of every vCPU. In {@code vector} and {@code apic-id} mode the BSP's only boot instruction is
 * SetupEventNotifyInterrupt, as v8 called it from {@code tdx_early_init}.
 */
final class EventNotifyDriver implements GuestDriver {

    final EventNotifyMode mode;
    final int vector;
    final int cpu;
    private final List<QuoteRequest> pending = new ArrayList<>();
    private final List<GuestKernel> kernels = new ArrayList<>();
    private final QuoteBuffer[] buffers = new QuoteBuffer[256];

    EventNotifyDriver(EventNotifyMode mode, int vector, int cpu) {
        this.mode = mode;
        this.vector = vector;
        this.cpu = cpu;
    }

    @Override
    public List<Instruction> bootInstructions(int vcpu) {
        if (vcpu != 0 || mode == EventNotifyMode.POLLING) {
            return List.of();
        }
        Map<String, String> args = mode == EventNotifyMode.VECTOR
                ? Map.of("vector", Integer.toString(vector))
                : Map.of("vector", Integer.toString(vector), "apic-id", Integer.toString(cpu));
        return List.of(new Instruction.Tdvmcall("setup-event-notify", args));
    }

    @Override
    public DriverCpu vcpu(GuestKernel kernel) {
        if (kernels.isEmpty()) {
            kernel.memory().convertToShared(Ghci.quoteBuffer(0), 256 * Ghci.QUOTE_BUFFER_SPAN);
        }
        kernels.add(kernel);
        return new EventNotifyVcpu(this, kernel);
    }

    /** Whether the driver's handler owns {@code v} on {@code vcpu}. */
    boolean handles(int vcpu, int v) {
        return v == vector && (mode == EventNotifyMode.VECTOR || mode == EventNotifyMode.APIC_ID && vcpu == cpu);
    }

    QuoteBuffer buffer(GuestKernel kernel, int k) {
        if (buffers[k] == null) {
            buffers[k] = new QuoteBuffer(kernel.memory(), k);
        }
        return buffers[k];
    }

    /** Any earlier pending request on {@code buffer} ends without a result (event-notify.md §N.5.1 step 2). */
    void dropPending(QuoteBuffer buffer) {
        pending.removeIf(r -> {
            r.dropped |= r.buffer == buffer;
            return r.dropped;
        });
    }

    void addPending(QuoteRequest r) {
        pending.add(r);
    }

    /** {@code vcpu}'s pending request on {@code buffer}, or null. */
    QuoteRequest pendingOf(int vcpu, QuoteBuffer buffer) {
        for (QuoteRequest r : pending) {
            if (r.vcpu == vcpu && r.buffer == buffer) {
                return r;
            }
        }
        return null;
    }

    /**
     * The handler's step 2: every pending request whose status left IN_FLIGHT is marked notified
     * and its waiter woken; returns how many it marked.
     */
    int markFinished() {
        int n = 0;
        for (QuoteRequest r : pending) {
            if (!r.notified && r.buffer.status() != Ghci.QUOTE_IN_FLIGHT) {
                r.notified = true;
                kernels.get(r.vcpu).wake(r.vcpu);
                n++;
            }
        }
        return n;
    }

    /** Gives {@code r} its one result on the vCPU that submitted it; a second one is a violation. */
    void result(QuoteRequest r, int result, long bytes) {
        pending.remove(r);
        GuestKernel k = kernels.get(r.vcpu);
        if (r.resulted) {
            k.invariants().violated(Invariants.QUOTE_COMPLETED_TWICE, "second result " + Errno.name(result)
                    + " on buffer " + r.buffer.index, k.task(), k.cpu());
            return;
        }
        r.resulted = true;
        record(k, r.buffer, result, bytes);
    }

    /** Records a result of {@code kernel}'s vCPU on {@code buffer}. */
    static void record(GuestKernel kernel, QuoteBuffer buffer, int result, long bytes) {
        kernel.quoteResult(result, bytes);
        if (kernel.trace().on(GuestTdxTracePoints.GUEST_QUOTE_RESULT)) {
            kernel.trace().emit(GuestTdxTracePoints.GUEST_QUOTE_RESULT, kernel.task(), kernel.cpu(), kernel.vcpu(),
                    buffer.index, result, bytes);
        }
    }
}
