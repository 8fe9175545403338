package org.kvmemu.api.apic;

import org.kvmemu.api.annotation.API;

/** x2APIC MSR numbers (0x800 + APIC register offset / 16) and the TSC-deadline MSR, behaviour.md §G. */
@API(status = API.Status.STABLE, since = "1")
public final class X2apicMsrs {
    /** {@code X2APIC_MSR(APIC_TASKPRI)}. */
    public static final int TPR = 0x808;
    /** {@code X2APIC_MSR(APIC_EOI)}. */
    public static final int EOI = 0x80b;
    /** {@code X2APIC_MSR(APIC_SPIV)}: the spurious-interrupt vector register, bit 8 the software enable. */
    public static final int SPIV = 0x80f;
    /** {@code X2APIC_MSR(APIC_ICR)}: 64 bits, destination in the high half. */
    public static final int ICR = 0x830;
    /** {@code X2APIC_MSR(APIC_LVTT)}. */
    public static final int LVTT = 0x832;
    /** {@code X2APIC_MSR(APIC_TMICT)}. */
    public static final int TMICT = 0x838;
    /** {@code X2APIC_MSR(APIC_TDCR)}. */
    public static final int TDCR = 0x83e;
    /** {@code MSR_IA32_TSC_DEADLINE}. */
    public static final int TSC_DEADLINE = 0x6e0;

    private X2apicMsrs() {
    }

    /** Whether {@code msr} is an x2APIC register MSR. */
    public static boolean isX2apic(int msr) {
        return msr >= 0x800 && msr <= 0x8ff;
    }

    /** The APIC register offset of x2APIC MSR {@code msr}. */
    public static int offset(int msr) {
        return (msr - 0x800) << 4;
    }
}
