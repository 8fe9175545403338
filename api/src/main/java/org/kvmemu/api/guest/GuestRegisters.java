package org.kvmemu.api.guest;

import org.kvmemu.api.annotation.API;

/**
 * A vCPU's architectural event state, the part of the VMCS guest-state area (or, for a TD, of the
 * TDX module's TDVPS) this model uses: RFLAGS.IF, the interrupt shadow (blocking by STI or
 * MOV SS), blocking by NMI, and the activity state (HLT). The backend's hardware model creates it
 * in {@code vcpu_create} and hands it to the guest ({@link Guest#attach}); nothing else holds it,
 * so generic KVM, userspace and other plugins read it only through the backend's hooks
 * ({@code get_if_flag}, {@code interrupt_allowed}, ...), as the kernel reads the VMCS.
 */
@API(status = API.Status.STABLE, since = "2")
public final class GuestRegisters {

    /** Interruptibility state: blocking by STI (bit 0). */
    public static final int BLOCKING_BY_STI = 1;
    /** Interruptibility state: blocking by MOV SS (bit 1). */
    public static final int BLOCKING_BY_MOV_SS = 1 << 1;

    private boolean ifFlag;
    private int shadow;
    private boolean nmiBlocked;
    private boolean halted;

    /** RFLAGS.IF. */
    public boolean ifFlag() {
        return ifFlag;
    }

    /** Sets RFLAGS.IF. */
    public void setIfFlag(boolean value) {
        ifFlag = value;
    }

    /** The interrupt shadow: {@link #BLOCKING_BY_STI}, {@link #BLOCKING_BY_MOV_SS} or 0. */
    public int shadow() {
        return shadow;
    }

    /** Sets the interrupt shadow. */
    public void setShadow(int mask) {
        shadow = mask;
    }

    /** Blocking by NMI: an NMI was delivered and its handler has not yet executed IRET. */
    public boolean nmiBlocked() {
        return nmiBlocked;
    }

    /** Sets blocking by NMI. */
    public void setNmiBlocked(boolean blocked) {
        nmiBlocked = blocked;
    }

    /** Activity state HLT: the guest executed HLT and nothing has been delivered since. */
    public boolean halted() {
        return halted;
    }

    /** Sets or clears activity state HLT. */
    public void setHalted(boolean value) {
        halted = value;
    }

    /** Whether the CPU recognises a maskable interrupt now: IF=1 and no interrupt shadow. */
    public boolean interruptible() {
        return ifFlag && shadow == 0;
    }

    /** INIT: RFLAGS.IF=0, no shadow, no NMI blocking, active. */
    public void reset() {
        ifFlag = false;
        shadow = 0;
        nmiBlocked = false;
        halted = false;
    }
}
