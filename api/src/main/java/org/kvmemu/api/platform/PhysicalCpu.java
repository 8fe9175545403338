package org.kvmemu.api.platform;

import java.util.ArrayDeque;
import org.kvmemu.api.annotation.API;
import org.kvmemu.api.invariant.Invariants;
import org.kvmemu.api.sim.SimEvent;
import org.kvmemu.api.sim.Simulator;
import org.kvmemu.api.trace.ModelTracePoints;
import org.kvmemu.api.trace.Tracer;

/**
 * A physical CPU: whether it runs a guest ({@link GuestMode}) or the host, the host's interrupt
 * flag, host interrupts pending in its local APIC (256 bits in four words), and IPIs in flight to
 * it. IPIs take {@link Costs#ipiNs}; since that is constant, arrivals keep send order and a ring
 * buffer with one reusable event holds them without allocating.
 */
@API(status = API.Status.MAINTAINED, since = "1")
public final class PhysicalCpu {

    private final int id;
    private final Simulator sim;
    private final Tracer trace;
    private final Costs costs;
    private final HostInterruptHandler[] handlers;
    private final long[] pending = new long[4];
    private final String task;
    private final Invariants invariants;
    private GuestMode guest;
    /** NMIs that reached this CPU so far; each one's number orders it. */
    private long nmisArrived;
    /** The number of the latest NMI whose host handler ran. */
    private long lastNmiHandled;
    /** Blocking by NMI. */
    private boolean nmiBlocked;
    /** The NMI held while NMIs are blocked, or 0. */
    private long latchedNmi;
    /** The NMI that caused the current VM exit, which KVM has yet to handle, or 0. */
    private long exitNmi;
    private boolean irqsEnabled = true;
    private long[] inflightTimes = new long[8];
    private int[] inflightVectors = new int[8];
    private int head;
    private int count;
    private final ArrayDeque<HostTimer> expiredTimers = new ArrayDeque<>();
    private Runnable afterHostInterrupt;
    private final SimEvent arrival = new SimEvent() {
        @Override
        protected void fire() {
            arrive();
        }
    };

    PhysicalCpu(int id, Simulator sim, Tracer trace, Costs costs, HostInterruptHandler[] handlers,
                Invariants invariants) {
        this.invariants = invariants;
        this.id = id;
        this.sim = sim;
        this.trace = trace;
        this.costs = costs;
        this.handlers = handlers;
        this.task = "host";
    }

    /** The CPU number. */
    public int id() {
        return id;
    }

    /** Enters guest mode: host interrupts now go to {@code mode}. */
    public void enterGuest(GuestMode mode) {
        this.guest = mode;
    }

    /** Leaves guest mode (a VM exit completed); host interrupts are off until {@link #enableIrqs}. */
    public void leaveGuest() {
        this.guest = null;
        this.irqsEnabled = false;
    }

    /** Clears the host's interrupt flag (local_irq_disable). */
    public void disableIrqs() {
        irqsEnabled = false;
    }

    /** Sets the host's interrupt flag and handles every pending host interrupt, highest first. */
    public void enableIrqs() {
        irqsEnabled = true;
        for (int v = highestPending(); v >= 0; v = highestPending()) {
            pending[v >> 6] &= ~(1L << (v & 63));
            handle(v, "host");
        }
    }

    /** Whether the host's interrupt flag is set. */
    public boolean irqsEnabled() {
        return irqsEnabled;
    }

    /**
     * Holds host interrupt {@code vector} pending in this CPU's local APIC (it arrived while the CPU
     * could not take it: during a VM entry or in SMM).
     */
    public void holdPending(int vector) {
        pending[vector >> 6] |= 1L << (vector & 63);
    }

    /**
     * Takes the highest pending host interrupt, as the CPU acknowledges one on a VM exit; -1 if none.
     * The others stay pending until the host enables interrupts.
     */
    public int acknowledgeHighest() {
        int v = highestPending();
        if (v >= 0) {
            pending[v >> 6] &= ~(1L << (v & 63));
        }
        return v;
    }

    /** Whether any host interrupt is pending. */
    public boolean anyPending() {
        return (pending[0] | pending[1] | pending[2] | pending[3]) != 0;
    }

    /**
     * Takes host interrupt {@code vector} if it is pending (the CPU recognises it, for example as a
     * posted-interrupt notification); whether it was.
     */
    public boolean acknowledge(int vector) {
        boolean was = isPending(vector);
        pending[vector >> 6] &= ~(1L << (vector & 63));
        return was;
    }

    /** Whether host interrupt {@code vector} is pending. */
    public boolean isPending(int vector) {
        return (pending[vector >> 6] & (1L << (vector & 63))) != 0;
    }

    /** Whether host interrupt {@code vector} is on its way to this CPU (an IPI in flight) or pending on it. */
    public boolean isIncoming(int vector) {
        if (isPending(vector)) {
            return true;
        }
        for (int i = 0; i < count; i++) {
            if (inflightVectors[(head + i) % inflightVectors.length] == vector) {
                return true;
            }
        }
        return false;
    }

    /** Sends an IPI with {@code vector} to this CPU; it arrives {@link Costs#ipiNs} from now. */
    public void sendIpi(int fromCpu, int vector) {
        if (trace.on(ModelTracePoints.HOST_IPI)) {
            trace.emit(ModelTracePoints.HOST_IPI, trace.contextTask(), fromCpu, fromCpu, id, vector);
        }
        if (count == inflightTimes.length) {
            grow();
        }
        int tail = (head + count) % inflightTimes.length;
        inflightTimes[tail] = sim.now() + costs.ipiNs;
        inflightVectors[tail] = vector;
        count++;
        if (count == 1) {
            sim.at(inflightTimes[head], arrival);
        }
    }

    /**
     * A self-IPI with {@code vector} ({@code apic->send_IPI_self}): the x2APIC SELF_IPI register
     * makes it pending at once; with host interrupts off it waits in the local APIC.
     */
    public void sendSelfIpi(int vector) {
        if (trace.on(ModelTracePoints.HOST_IPI)) {
            trace.emit(ModelTracePoints.HOST_IPI, trace.contextTask(), id, id, id, vector);
        }
        raise(vector);
    }

    /** A host interrupt ({@code host-irq} or an IPI) arrives now. */
    public void raise(int vector) {
        if (guest != null) {
            guest.hostInterrupt(vector);
            return;
        }
        if (irqsEnabled) {
            handle(vector, "host");
        } else {
            pending[vector >> 6] |= 1L << (vector & 63);
        }
    }

    /**
     * A host hrtimer on this CPU expired: its callback runs from the local timer interrupt
     * ({@code LOCAL_TIMER_VECTOR}), which exits a running guest and waits while host interrupts are off.
     */
    public void raiseTimer(HostTimer timer) {
        expiredTimers.add(timer);
        raise(HostVectors.LOCAL_TIMER);
    }

    /** Runs the callbacks of expired hrtimers ({@code hrtimer_interrupt}). */
    void runExpiredTimers() {
        for (HostTimer t = expiredTimers.poll(); t != null; t = expiredTimers.poll()) {
            t.expired();
        }
    }

    /**
     * A physical NMI arrives now. While NMIs are blocked (an NMI-induced VM exit blocks them until
     * the host's handler IRETs) it is latched, one at most, as the CPU does; in guest mode it causes
     * a VM exit, and KVM runs the host handler later ({@link #handleExitNmi}); else the host's NMI
     * handler runs now.
     */
    public void raiseNmi() {
        long seq = ++nmisArrived;
        if (nmiBlocked) {
            if (latchedNmi == 0) {
                latchedNmi = seq;
            }
            return;
        }
        if (guest != null) {
            nmiBlocked = true;
            exitNmi = seq;
            guest.hostNmi();
            return;
        }
        runNmiHandler(seq);
    }

    /**
     * {@code vmx_handle_nmi}: KVM runs the host's NMI handler for the NMI that caused the last VM
     * exit; the handler's IRET unblocks NMIs, so a latched one is handled next.
     */
    public void handleExitNmi() {
        long seq = exitNmi;
        exitNmi = 0;
        runNmiHandler(seq);
        unblockNmis();
    }

    /**
     * NMIs are no longer blocked on this CPU; an NMI latched meanwhile is handled now. Besides the
     * handler's IRET, an old TDX module's SEAMRET does this (it reloads an interruptibility state
     * with NMIs unblocked), before KVM has handled the NMI that caused the TD exit.
     */
    public void unblockNmis() {
        nmiBlocked = false;
        if (latchedNmi != 0) {
            long seq = latchedNmi;
            latchedNmi = 0;
            runNmiHandler(seq);
        }
    }

    /** The host's NMI handler ({@code exc_nmi}) for the {@code seq}-th NMI that reached this CPU. */
    private void runNmiHandler(long seq) {
        if (seq < lastNmiHandled) {
            invariants.violated(Invariants.HOST_NMI_OUT_OF_ORDER, "NMI " + seq + " on cpu " + id
                    + " handled after NMI " + lastNmiHandled, task, id);
        }
        lastNmiHandled = Math.max(lastNmiHandled, seq);
        if (trace.on(ModelTracePoints.HOST_NMI)) {
            trace.emit(ModelTracePoints.HOST_NMI, task, id, id, "exc_nmi");
        }
    }

    /**
     * A physical SMI arrives now: the host's SMM firmware holds the CPU for {@link Costs#hostSmiNs};
     * a guest running on it is stopped that long (without a VM exit on VMX). A machine-check SMI
     * ({@code msmi}) is followed by the #MC the firmware signals.
     */
    public void raiseSmi(boolean msmi) {
        if (trace.on(ModelTracePoints.HOST_SMI)) {
            trace.emit(ModelTracePoints.HOST_SMI, task, id, id, msmi ? 1 : 0);
        }
        if (guest != null) {
            guest.hostSmi(costs.hostSmiNs, msmi);
        }
        if (msmi) {
            sim.after(costs.hostSmiNs, SimEvent.of(this::raiseMachineCheck));
        }
    }

    /** A machine check on this CPU: a VM exit when it runs a guest, else the host's #MC handler. */
    public void raiseMachineCheck() {
        if (guest != null) {
            guest.machineCheck();
            return;
        }
        handleMachineCheck();
    }

    /** {@code kvm_machine_check} / the host's {@code do_machine_check}. */
    public void handleMachineCheck() {
        if (trace.on(ModelTracePoints.HOST_MCE)) {
            trace.emit(ModelTracePoints.HOST_MCE, task, id, id, "do_machine_check");
        }
    }

    /**
     * Runs the host's handler for {@code vector} now (as {@code handle_exit_irqoff} does for an
     * interrupt acknowledged on VM exit).
     *
     * @param how what delivered it, for the trace
     */
    public void handle(int vector, String how) {
        String interruptedTask = trace.contextTask();
        int interruptedCpu = trace.contextCpu();
        trace.setContext(task, id);
        HostInterruptHandler h = handlers[vector];
        if (trace.on(ModelTracePoints.HOST_IRQ)) {
            trace.emit(ModelTracePoints.HOST_IRQ, task, id, id, vector, h == null ? how : h.name());
        }
        if (h != null) {
            h.handle(this, vector);
        }
        trace.setContext(interruptedTask, interruptedCpu);
        if (afterHostInterrupt != null) {
            afterHostInterrupt.run();
        }
    }

    /**
     * What the interrupted code does once a host interrupt handler returned, or null: KVM's halt
     * polling loop looks at the vCPU's state again (a notification vector may have posted to it).
     */
    public void setAfterHostInterrupt(Runnable then) {
        afterHostInterrupt = then;
    }

    private int highestPending() {
        for (int w = 3; w >= 0; w--) {
            if (pending[w] != 0) {
                return (w << 6) + 63 - Long.numberOfLeadingZeros(pending[w]);
            }
        }
        return -1;
    }

    private void arrive() {
        int vector = inflightVectors[head];
        head = (head + 1) % inflightTimes.length;
        count--;
        if (count > 0) {
            sim.at(inflightTimes[head], arrival);
        }
        raise(vector);
    }

    private void grow() {
        int n = inflightTimes.length;
        long[] t = new long[n * 2];
        int[] v = new int[n * 2];
        for (int i = 0; i < count; i++) {
            t[i] = inflightTimes[(head + i) % n];
            v[i] = inflightVectors[(head + i) % n];
        }
        inflightTimes = t;
        inflightVectors = v;
        head = 0;
    }

    @Override
    public String toString() {
        return "pcpu" + id + (guest != null ? " (guest mode)" : "");
    }
}
