package org.kvmemu.tdx.module;

/**
 * A trust domain as the TDX module holds it (its TDR and TDCS): whether the module has marked it
 * fatal, and the module behaviour the host runs it under. The host holds it only as a handle for
 * SEAMCALLs.
 */
public final class Td {

    /** Set when an MSMI hit the TD in SEAM non-root: every later TDH.VP.ENTER fails. */
    boolean fatal;
    /** The old module's SEAMRET after an NMI-induced exit, which leaves NMIs unblocked (behaviour.md §E.2). */
    final boolean nmiUnblockAfterSeamret;

    Td(boolean nmiUnblockAfterSeamret) {
        this.nmiUnblockAfterSeamret = nmiUnblockAfterSeamret;
    }

    /**
     * Whether the module has marked the TD fatal: the TD's life-cycle state, not its guest state,
     * reported for a scenario's {@code expect vm-state td-fatal}.
     */
    public boolean fatal() {
        return fatal;
    }
}
