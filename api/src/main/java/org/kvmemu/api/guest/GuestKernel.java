package org.kvmemu.api.guest;

import org.kvmemu.api.annotation.API;
import org.kvmemu.api.invariant.Invariants;
import org.kvmemu.api.trace.Tracer;

/**
 * What the guest kernel on one vCPU offers a driver's code running there: the clock, the TD's
 * memory, TDG.VP.VMCALL, RFLAGS.IF, waking a task that waits on another vCPU, and the records that
 * expectations read (a Quote request's result, a run of the event-notify handler).
 */
@API(status = API.Status.MAINTAINED, since = "2")
public interface GuestKernel {

    /** The vCPU index (its APIC ID). */
    int vcpu();

    /** The virtual time now, in ns. */
    long now();

    /** The TD's memory. */
    GuestMemory memory();

    /** The trace. */
    Tracer trace();

    /** The trace task of this vCPU's guest ({@code guestN}). */
    String task();

    /** The physical CPU the vCPU runs on now. */
    int cpu();

    /** Where broken invariants are reported. */
    Invariants invariants();

    /**
     * TDG.VP.VMCALL with {@code regs} set up ({@link TdvmcallRegisters#call}): the vCPU exits; when it
     * resumes, {@code regs} holds the results and the call is recorded under {@code name} for
     * {@code expect tdvmcall}. The routine must return from its step at once.
     */
    void tdvmcall(String name, TdvmcallRegisters regs);

    /** {@code sti}: RFLAGS.IF = 1, with an interrupt shadow if IF was 0. */
    void sti();

    /** Wakes the routine waiting on vCPU {@code vcpu} (if any): it is asked again at its next boundary. */
    void wake(int vcpu);

    /** Records the result (0 or -errno) of a Quote request this vCPU submitted, handing out {@code bytes}. */
    void quoteResult(int result, long bytes);

    /** Records one run of the driver's event-notify handler on this vCPU. */
    void notified();
}
