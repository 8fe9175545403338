package org.kvmemu.api.guest;

import org.kvmemu.api.annotation.API;

/**
 * The guest software of one vCPU (its program and IDT handlers) as the backend's CPU model drives
 * it: the CPU enters and leaves it, delivers events into it at instruction boundaries or at VM
 * entry, and is told what the guest executes through {@link GuestHardware}. The backend receives
 * it in {@code vcpu_create}; a spin cut short by an exit resumes with what is left after the next
 * {@link #enter}.
 */
@API(status = API.Status.MAINTAINED, since = "2")
public interface Guest {

    /**
     * Connects the CPU model and the registers it owns; done once, in {@code vcpu_create}, before the
     * guest first runs.
     */
    void attach(GuestHardware hardware, GuestRegisters registers);

    /** Resumes execution on physical CPU {@code pcpu} after a VM entry delivered what it injected. */
    void enter(int pcpu);

    /** Stops execution now: a VM exit. A spin in progress keeps what is left of it. */
    void exit();

    /**
     * The CPU has something new to recognise (a posted interrupt was processed): a spin in progress
     * is cut at this boundary and the boundary is evaluated now.
     */
    void poke();

    /**
     * INIT: the program goes back to its start; the guest does not run until {@link #enter}. The
     * CPU model resets the registers itself ({@link GuestRegisters#reset}).
     */
    void reset();

    /** A SIPI started this (reset) CPU at {@code vector}: it runs its program from the start. */
    void startup(int vector);

    /** Delivers external interrupt {@code vector} through the IDT: IF is cleared until IRET. */
    void deliverInterrupt(int vector);

    /** Delivers an NMI: NMIs stay blocked until the handler's IRET. */
    void deliverNmi();

    /** Delivers a machine check (#MC, vector 18) to the guest's handler. */
    void deliverMachineCheck();

    /** Delivers exception {@code vector} (injected by KVM) to its IDT handler. */
    void deliverException(int vector);

    /**
     * SMM entry: the guest firmware's SMI handler runs with IF=0, then executes RSM
     * ({@link GuestHardware#rsm}).
     */
    void enterSmm();

    /** RSM completed: back to what the SMI interrupted, with RFLAGS.IF restored. */
    void leaveSmm();

    /** Whether the guest is in its SMI handler. */
    boolean inSmm();

    /**
     * Whether delivering an event now faults on a guest page whose EPT mapping is gone (the IDT or
     * the stack); the host maps it again as it handles the fault, so the next delivery succeeds.
     */
    boolean takeDeliveryFault();
}
