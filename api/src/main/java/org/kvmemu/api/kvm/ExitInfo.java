package org.kvmemu.api.kvm;

import org.kvmemu.api.annotation.API;

/**
 * What {@code get_exit_info} reports about the last VM exit: filled in place, so reading it does
 * not allocate.
 */
@API(status = API.Status.MAINTAINED, since = "1")
public final class ExitInfo {
    /** The basic exit reason (VMX numbering), with the failed-entry bit 31 if set. */
    public int reason;
    /** The exit qualification. */
    public long info1;
    /** Secondary information (IDT-vectoring info on VMX). */
    public long info2;
    /** VM-exit interruption information. */
    public int intrInfo;
    /** VM-exit interruption error code. */
    public int errorCode;
}
