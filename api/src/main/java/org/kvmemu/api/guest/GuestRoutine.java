package org.kvmemu.api.guest;

import org.kvmemu.api.annotation.API;

/**
 * A guest-kernel routine a driver runs for one program instruction, step by step (a system call
 * such as the Quote ioctl): each step may make a TDG.VP.VMCALL (the vCPU exits and the routine is
 * asked again once it resumes) or wait in guest mode with interrupts enabled. A waiting routine is
 * asked again when its spin ends, when the vCPU returns from an interrupt handler, resumes after an
 * exit, or is woken ({@link GuestKernel#wake}); it must compute what it does from the time now.
 */
@API(status = API.Status.MAINTAINED, since = "2")
public interface GuestRoutine {

    /** What {@link #step} returns when the routine is finished: the program goes on. */
    long DONE = -1;

    /**
     * Runs the next step.
     *
     * @return how long the vCPU executes (in ns, at least 1) before the routine is asked again, or
     *         {@link #DONE}
     */
    long step();
}
