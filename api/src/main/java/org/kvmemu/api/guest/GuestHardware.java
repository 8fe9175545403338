package org.kvmemu.api.guest;

import org.kvmemu.api.annotation.API;

/**
 * What the CPU does for a guest, implemented by a backend's hardware model (VMX non-root
 * operation, or the TDX module for a TD): recognising events at instruction boundaries and the
 * instructions that may exit. Each method that can exit returns true when the guest exited (the
 * backend has called {@link Guest#exit()}).
 */
@API(status = API.Status.MAINTAINED, since = "1")
public interface GuestHardware {

    /**
     * An instruction boundary: the CPU may deliver a pending virtual interrupt (calling
     * {@link Guest#deliverInterrupt}) and go on, or exit (window exits, latched host events).
     *
     * @return true when the guest exited
     */
    boolean atBoundary();

    /** {@code hlt} (TDVMCALL&lt;HLT&gt; in a TD), with RFLAGS.IF as it is now. */
    boolean hlt();

    /** WRMSR of an x2APIC register or the TSC-deadline MSR (EOI, ICR, SPIV, LVTT, TMICT, TSC_DEADLINE). */
    boolean writeMsr(int msr, long value);

    /** A CR8 write: TPR = {@code tpr}. */
    boolean writeTpr(int tpr);

    /** A CR8 read: the TPR as the guest sees it. */
    int readTpr();

    /** The current instruction faults with exception {@code vector}, which the hypervisor intercepts. */
    boolean fault(int vector);

    /** RSM at the end of the guest firmware's SMI handler. */
    boolean rsm();

    /** IRET of the NMI handler: virtual-NMI blocking ends. */
    void nmiUnblocked();

    /**
     * TDG.VP.VMCALL with the leaf and arguments in {@code regs} (TDs only): the guest exits; when
     * it is entered again, {@code regs} holds R10..R14 as the host left them (event-notify.md §N.1).
     *
     * @return true when the guest exited
     */
    default boolean tdvmcall(TdvmcallRegisters regs) {
        throw new UnsupportedOperationException("TDG.VP.VMCALL outside a TD");
    }
}
