package org.kvmemu.tdx.module;

/**
 * The registers TDH.VP.ENTER returns to the host (behaviour.md §G): RAX (status and exit reason), RCX
 * (exit qualification), RDX (extended qualification), R9 (exit interruption
 * information), and for a TDVMCALL R10 (0 for a GHCI standard call), R11 (leaf), R12 and R13 (its
 * arguments, R14 a third). KVM writes the TDVMCALL's answer (R10..R14) into the same object before
 * the next TDH.VP.ENTER, which hands it to the TD. One object per vCPU, overwritten by each entry: nothing is allocated per exit.
 */
public final class VpEnterArgs {

    /** Status (bits 63:32) and exit reason (31:0). */
    public long rax;
    /** Exit qualification. */
    public long rcx;
    /** Extended exit qualification. */
    public long rdx;
    /** Exit interruption information. */
    public long r9;
    /** TDVMCALL type: 0 = GHCI standard, else a KVM hypercall. */
    public long r10;
    /** TDVMCALL leaf (an exit reason for the standard ones). */
    public long r11;
    /** TDVMCALL first argument (HLT: 1 = interrupts blocked; WRMSR: the MSR). */
    public long r12;
    /** TDVMCALL second argument (WRMSR: the value). */
    public long r13;
    /** TDVMCALL third argument. */
    public long r14;

    void clear() {
        rax = 0;
        rcx = 0;
        rdx = 0;
        r9 = 0;
        r10 = 0;
        r11 = 0;
        r12 = 0;
        r13 = 0;
        r14 = 0;
    }
}
