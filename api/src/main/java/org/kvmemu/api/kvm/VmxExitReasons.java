package org.kvmemu.api.kvm;

import org.kvmemu.api.annotation.API;

/** VMX basic exit reasons ({@code EXIT_REASON_*}, behaviour.md §G), shared by VMX and TDX. */
@API(status = API.Status.MAINTAINED, since = "1")
public final class VmxExitReasons {
    /** EXCEPTION_NMI. */
    public static final int EXCEPTION_NMI = 0;
    /** EXTERNAL_INTERRUPT. */
    public static final int EXTERNAL_INTERRUPT = 1;
    /** TRIPLE_FAULT. */
    public static final int TRIPLE_FAULT = 2;
    /** INIT_SIGNAL. */
    public static final int INIT_SIGNAL = 3;
    /** SIPI_SIGNAL. */
    public static final int SIPI_SIGNAL = 4;
    /** IO_SMI. */
    public static final int IO_SMI = 5;
    /** OTHER_SMI. */
    public static final int OTHER_SMI = 6;
    /** INTERRUPT_WINDOW. */
    public static final int INTERRUPT_WINDOW = 7;
    /** NMI_WINDOW. */
    public static final int NMI_WINDOW = 8;
    /** CPUID. */
    public static final int CPUID = 10;
    /** HLT. */
    public static final int HLT = 12;
    /** VMCALL. */
    public static final int VMCALL = 18;
    /** IO_INSTRUCTION. */
    public static final int IO_INSTRUCTION = 30;
    /** MSR_READ. */
    public static final int MSR_READ = 31;
    /** MSR_WRITE. */
    public static final int MSR_WRITE = 32;
    /** INVALID_STATE. */
    public static final int INVALID_STATE = 33;
    /** MCE_DURING_VMENTRY. */
    public static final int MCE_DURING_VMENTRY = 41;
    /** TPR_BELOW_THRESHOLD. */
    public static final int TPR_BELOW_THRESHOLD = 43;
    /** EOI_INDUCED. */
    public static final int EOI_INDUCED = 45;
    /** EPT_VIOLATION. */
    public static final int EPT_VIOLATION = 48;
    /** EPT_MISCONFIG. */
    public static final int EPT_MISCONFIG = 49;
    /** PREEMPTION_TIMER. */
    public static final int PREEMPTION_TIMER = 52;
    /** APIC_WRITE. */
    public static final int APIC_WRITE = 56;
    /** TDCALL. */
    public static final int TDCALL = 77;
    /** The failed-VM-entry flag, bit 31. */
    public static final int FAILED_VMENTRY = 0x80000000;

    private VmxExitReasons() {
    }
}
