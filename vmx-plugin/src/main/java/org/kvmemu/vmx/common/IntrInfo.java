package org.kvmemu.vmx.common;

import org.kvmemu.api.annotation.API;

/**
 * The VM-exit (and TD-exit) interruption-information format (behaviour.md §G) and the tests
 * {@code vmx/common.h} and {@code vmcs.h} make of it ({@code is_nmi}, {@code is_machine_check}).
 */
@API(status = API.Status.INTERNAL, since = "2")
public final class IntrInfo {

    /** Valid, bit 31. */
    public static final int VALID = 0x80000000;
    /** Type, bits 10:8. */
    public static final int TYPE_MASK = 0x700;
    /** Type NMI (2). */
    public static final int TYPE_NMI = 2 << 8;
    /** Type hardware exception (3). */
    public static final int TYPE_HARD_EXCEPTION = 3 << 8;
    /** {@code NMI_VECTOR}. */
    public static final int NMI_VECTOR = 2;
    /** {@code UD_VECTOR}. */
    public static final int UD_VECTOR = 6;
    /** {@code MC_VECTOR}. */
    public static final int MC_VECTOR = 18;

    private IntrInfo() {
    }

    /** {@code is_nmi}: a valid NMI. */
    public static boolean isNmi(int info) {
        return (info & (VALID | TYPE_MASK)) == (VALID | TYPE_NMI);
    }

    /** {@code is_machine_check}: a valid hardware exception #MC. */
    public static boolean isMachineCheck(int info) {
        return (info & (VALID | TYPE_MASK | 0xff)) == (VALID | TYPE_HARD_EXCEPTION | MC_VECTOR);
    }

    /** A valid NMI, as an NMI-induced exit reports it. */
    public static int nmi() {
        return VALID | TYPE_NMI | NMI_VECTOR;
    }

    /** A valid hardware exception {@code vector}. */
    public static int hardException(int vector) {
        return VALID | TYPE_HARD_EXCEPTION | vector;
    }

    /** A valid external interrupt {@code vector}. */
    public static int externalInterrupt(int vector) {
        return VALID | vector;
    }
}
