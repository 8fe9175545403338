package org.kvmemu.api.trace;

import java.util.Arrays;
import java.util.List;
import org.kvmemu.api.annotation.API;
import org.kvmemu.api.sim.Simulator;

/**
 * The run's trace: hands each emitted event to the sinks that want it. Call sites guard emission
 * with {@link #on}, so that with no sink nothing is built and nothing is allocated:
 * {@code if (trace.on(KVM_ENTRY)) trace.emit(KVM_ENTRY, task, cpu, ...)}.
 */
@API(status = API.Status.MAINTAINED, since = "1")
public final class Tracer {

    private static final byte UNKNOWN = 0;
    private static final byte ON = 1;
    private static final byte OFF = 2;

    private final Simulator sim;
    private final List<TraceSink> sinks;
    private byte[] state = new byte[64];
    private long emitted;
    private String contextTask = "vmm";
    private int contextCpu;

    /**
     * A tracer stamping events with {@code sim}'s clock and handing them to {@code sinks}. The sinks
     * are fixed here: whoever holds the tracer (a plugin, through {@code Kvm.trace()}) can emit into
     * it but cannot listen to it, so the trace is no side channel around the trust boundary; and
     * finishing the sinks is their owner's job, not the emitters'.
     */
    public Tracer(Simulator sim, List<TraceSink> sinks) {
        this.sim = sim;
        this.sinks = List.copyOf(sinks);
    }

    /** Whether any sink wants {@code point}. */
    public boolean on(TracePoint point) {
        int id = point.id();
        if (id < state.length) {
            byte s = state[id];
            if (s != UNKNOWN) {
                return s == ON;
            }
        } else {
            state = Arrays.copyOf(state, Math.max(id + 1, state.length * 2));
        }
        boolean any = false;
        for (TraceSink sink : sinks) {
            any |= sink.wants(point);
        }
        state[id] = any ? ON : OFF;
        return any;
    }

    /**
     * The thread now running model code, as {@code trace-cmd} shows it: {@code vcpuN} in KVM,
     * {@code guestN} in the guest, {@code host} in a host handler, {@code vmm} in userspace. Lines
     * about work done on another thread's behalf (accepting an interrupt, posting it, sending an IPI)
     * are attributed to this context.
     */
    public void setContext(String task, int cpu) {
        contextTask = task;
        contextCpu = cpu;
    }

    /** The running thread's task name (see {@link #setContext}). */
    public String contextTask() {
        return contextTask;
    }

    /** The physical CPU the running thread is on (see {@link #setContext}). */
    public int contextCpu() {
        return contextCpu;
    }

    /** Events emitted so far. */
    public long emitted() {
        return emitted;
    }

    /**
     * Emits an event now. {@code args} are the values of the point's fields, in order.
     *
     * @param task {@code vcpuN}, {@code host}, {@code tdxmod}, {@code guestN} or {@code vmm}
     * @param cpu  the physical CPU it happens on
     */
    public void emit(TracePoint point, String task, int cpu, Object... args) {
        if (!on(point)) {
            return;
        }
        if (args.length != point.fields().size()) {
            throw new IllegalArgumentException(point.name() + " takes " + point.fields() + ", got "
                    + args.length + " values");
        }
        emitted++;
        TraceRecord record = new TraceRecord(sim.now(), cpu, task, point, args);
        for (TraceSink sink : sinks) {
            if (sink.wants(point)) {
                sink.accept(record);
            }
        }
    }
}
