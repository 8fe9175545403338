package org.kvmemu.tdx;

import java.util.Locale;

/**
 * Which KVM TDX code runs (the machine option {@code tdx-variant}): Linux v6.16, or the series'
 * first posting where it differs (behaviour.md §D.6, §D.9, §D.13, §D.14).
 */
enum TdxVariant {
    /** Linux v6.16. */
    FINAL,
    /**
     * The first posting: APICv inhibited with APICV_INHIBIT_REASON_TDX, PEND_NMI read back into
     * {@code nmi_injected} after each TD exit, interrupts always allowed in TDVMCALL&lt;HLT&gt;, and
     * {@code protected_apic_has_interrupt} asking the posted-interrupt descriptor only.
     */
    V1;

    /** The variant a VM's {@code tdx-variant} option names ({@code final} when absent). */
    static TdxVariant of(String option) {
        return option == null ? FINAL : valueOf(option.toUpperCase(Locale.ROOT));
    }
}
