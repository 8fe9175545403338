package org.kvmemu.api.platform;

import org.kvmemu.api.annotation.API;

/**
 * The hardware side of a vCPU while its physical CPU runs it in guest mode (VMX non-root, or SEAM
 * for a TD): what the CPU does when a host interrupt, NMI or SMI arrives then.
 */
@API(status = API.Status.MAINTAINED, since = "1")
public interface GuestMode {

    /**
     * A host interrupt arrives while in guest mode: either the CPU consumes it without an exit
     * (posted-interrupt processing of the notification vector) or it causes an external-interrupt
     * VM exit, acknowledged on exit, which the backend starts.
     */
    void hostInterrupt(int vector);

    /** A physical NMI arrives in guest mode (always a VM exit on VMX). */
    void hostNmi();

    /**
     * A physical SMI: the CPU leaves the guest for the host's SMM firmware for {@code ns};
     * {@code msmi} for a machine-check SMI (SEAM non-root treats it differently).
     */
    void hostSmi(long ns, boolean msmi);

    /** A machine check while the CPU runs (or enters) the guest. */
    void machineCheck();
}
