package org.kvmemu.api.kvm;

import org.kvmemu.api.annotation.API;

/**
 * {@code fastpath_t}: what a VM exit's fastpath ({@code vmx_exit_handlers_fastpath}, run before
 * host interrupts are enabled) did with it. {@code EXIT_FASTPATH_EXIT_USERSPACE} is not here: the
 * fastpaths this model has never need userspace (no single-stepping, the LAPIC is in KVM).
 */
@API(status = API.Status.MAINTAINED, since = "2")
public enum ExitFastpath {
    /** {@code EXIT_FASTPATH_NONE}: the full exit path handles the exit. */
    NONE,
    /** {@code EXIT_FASTPATH_REENTER_GUEST}: handled; enter the guest again at once if nothing else is due. */
    REENTER_GUEST,
    /** {@code EXIT_FASTPATH_EXIT_HANDLED}: handled; the run loop goes on without {@code handle_exit}'s work. */
    EXIT_HANDLED
}
