package org.kvmemu.tdx;

/**
 * {@code tdx_has_emulated_msr}: the MSRs KVM emulates for a TD's TDVMCALL&lt;RDMSR/WRMSR&gt;. SMBASE
 * is not among them, so KVM_SMI fails with -ENOTTY (behaviour.md §D.7). The x2APIC registers the CPU
 * virtualizes cannot be emulated; as in v6.16, only the first register of ISR, TMR and IRR is
 * excluded, the other seven of each are answered as emulated.
 */
final class TdxMsrs {

    private static final int MSR_IA32_APICBASE = 0x1b;
    private static final int MSR_IA32_FEAT_CTL = 0x3a;
    private static final int MSR_IA32_UCODE_REV = 0x8b;
    private static final int MSR_IA32_ARCH_CAPABILITIES = 0x10a;
    private static final int MSR_PLATFORM_INFO = 0xce;
    private static final int MSR_MTRRCAP = 0xfe;
    private static final int MSR_MISC_FEATURES_ENABLES = 0x140;
    private static final int MSR_IA32_MCG_CAP = 0x179;
    private static final int MSR_IA32_MCG_STATUS = 0x17a;
    private static final int MSR_IA32_MCG_CTL = 0x17b;
    private static final int MSR_IA32_MISC_ENABLE = 0x1a0;
    private static final int MSR_IA32_POWER_CTL = 0x1fc;
    private static final int MSR_MTRR_FIRST = 0x200;
    private static final int MSR_MTRR_FIX4K_F8000 = 0x26f;
    private static final int MSR_IA32_CR_PAT = 0x277;
    private static final int MSR_IA32_MC0_CTL2 = 0x280;
    private static final int MSR_MTRRDEFTYPE = 0x2ff;
    private static final int MSR_IA32_MCG_EXT_CTL = 0x4d0;
    private static final int MSR_IA32_MC0_CTL = 0x400;
    private static final int MSR_IA32_TSC_DEADLINE = 0x6e0;
    private static final int APIC_BASE_MSR = 0x800;
    private static final int MSR_EFER = 0xc0000080;
    private static final int MSR_KVM_POLL_CONTROL = 0x4b564d05;
    /** {@code KVM_MAX_MCE_BANKS}. */
    private static final int MAX_MCE_BANKS = 32;
    /** The x2APIC registers the CPU virtualizes for a TD: TPR, PPR, EOI, ISR0, TMR0, IRR0. */
    private static final int[] VIRTUALIZED_X2APIC = {0x808, 0x80a, 0x80b, 0x810, 0x818, 0x820};

    private TdxMsrs() {
    }

    static boolean hasEmulatedMsr(int msr) {
        if (msr >= APIC_BASE_MSR && msr <= APIC_BASE_MSR + 0xff) {
            for (int virtualized : VIRTUALIZED_X2APIC) {
                if (msr == virtualized) {
                    return false;
                }
            }
            return true;
        }
        if ((msr >= MSR_MTRR_FIRST && msr <= MSR_MTRR_FIX4K_F8000)
                || (msr >= MSR_IA32_MC0_CTL && msr < MSR_IA32_MC0_CTL + 4 * MAX_MCE_BANKS)
                || (msr >= MSR_IA32_MC0_CTL2 && msr < MSR_IA32_MC0_CTL2 + MAX_MCE_BANKS)) {
            return true;
        }
        return switch (msr) {
            case MSR_IA32_UCODE_REV, MSR_IA32_ARCH_CAPABILITIES, MSR_IA32_POWER_CTL, MSR_IA32_CR_PAT, MSR_MTRRCAP,
                 MSR_MTRRDEFTYPE, MSR_IA32_TSC_DEADLINE, MSR_IA32_MISC_ENABLE, MSR_PLATFORM_INFO,
                 MSR_MISC_FEATURES_ENABLES, MSR_IA32_APICBASE, MSR_EFER, MSR_IA32_FEAT_CTL, MSR_IA32_MCG_CAP,
                 MSR_IA32_MCG_STATUS, MSR_IA32_MCG_CTL, MSR_IA32_MCG_EXT_CTL, MSR_KVM_POLL_CONTROL -> true;
            default -> false;
        };
    }
}
