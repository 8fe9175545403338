package org.kvmemu.api.scenario;

import java.util.Arrays;
import java.util.List;
import org.kvmemu.api.check.Violations;
import org.kvmemu.api.kvm.MpState;
import org.kvmemu.api.kvm.VcpuStats;

/**
 * The names an {@code expect} statement may use, in the order messages list them; the runner
 * checks the observed values against the same lists.
 */
final class ParseNames {

    /** Exit reasons of {@code expect exit reason=NAME}: the KVM_EXIT_* codes of behaviour.md §G. */
    static final List<String> EXIT_REASONS = List.of(
            "KVM_EXIT_UNKNOWN", "KVM_EXIT_EXCEPTION", "KVM_EXIT_IO", "KVM_EXIT_HYPERCALL", "KVM_EXIT_DEBUG",
            "KVM_EXIT_HLT", "KVM_EXIT_MMIO", "KVM_EXIT_IRQ_WINDOW_OPEN", "KVM_EXIT_SHUTDOWN",
            "KVM_EXIT_FAIL_ENTRY", "KVM_EXIT_INTR", "KVM_EXIT_SET_TPR", "KVM_EXIT_TPR_ACCESS", "KVM_EXIT_NMI",
            "KVM_EXIT_INTERNAL_ERROR", "KVM_EXIT_SYSTEM_EVENT", "KVM_EXIT_IOAPIC_EOI", "KVM_EXIT_X86_BUS_LOCK",
            "KVM_EXIT_NOTIFY", "KVM_EXIT_MEMORY_FAULT", "KVM_EXIT_TDX");

    /** Per-vCPU KVM statistics of {@code expect stat NAME=N}. */
    static final List<String> STATS = VcpuStats.NAMES;

    /** VM states of {@code expect vm-state NAME}. */
    static final List<String> VM_STATES = List.of("running", "bugged", "dead", "td-fatal");

    /** The VM state only a TD can reach. */
    static final String TD_FATAL = "td-fatal";

    /** Guest-visible state of {@code expect guest NAME=VALUE}. */
    static final List<String> GUEST_STATE = List.of("if", "halted", "tpr", "nmi-blocked", "smm", "mp-state");

    /** Values of {@code if=}. */
    static final List<String> IF_VALUES = List.of("0", "1");

    /** Values of {@code halted=}, {@code nmi-blocked=} and {@code smm=}. */
    static final List<String> YES_NO = List.of("yes", "no");

    /** The largest {@code tpr=} value (the TPR register, not the priority class). */
    static final int TPR_MAX = 255;

    /** Values of {@code mp-state=}. */
    static final List<String> MP_STATES = Arrays.stream(MpState.values()).map(MpState::scenarioName).toList();

    /** Invariants of {@code expect violation NAME}. */
    static final List<String> VIOLATIONS = Violations.NAMES;

    private ParseNames() {
    }
}
