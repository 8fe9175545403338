package org.kvmemu.api.guest;

import org.kvmemu.api.annotation.API;

/**
 * The registers of one TDG.VP.VMCALL as the guest sees them (GHCI calling convention, event-notify.md §N.1):
 * on the call R11 is the leaf and R12..R14 the arguments; when the guest resumes, R10 is the
 * status and R11..R14 hold whatever the leaf returns. The caller keeps one object and reuses it.
 */
@API(status = API.Status.MAINTAINED, since = "2")
public final class TdvmcallRegisters {
    /** The status on return. */
    public long r10;
    /** The leaf on the call; an output on return. */
    public long r11;
    /** First argument; an output on return. */
    public long r12;
    /** Second argument; an output on return. */
    public long r13;
    /** Third argument; an output on return. */
    public long r14;

    /** Sets up a call of {@code leaf} with arguments {@code r12..r14}; R10 starts at 0. */
    public void call(long leaf, long a12, long a13, long a14) {
        r10 = 0;
        r11 = leaf;
        r12 = a12;
        r13 = a13;
        r14 = a14;
    }
}
