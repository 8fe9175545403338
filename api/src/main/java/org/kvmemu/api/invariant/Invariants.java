package org.kvmemu.api.invariant;

import org.kvmemu.api.annotation.API;

/**
 * Where hardware models and vendor code report a model invariant that broke, as a scenario's
 * {@code expect violation NAME} sees it (and the trace as {@code model_violation}). The names are
 * the scenario language's; the ones a plugin may report are the constants here. A plugin gets the
 * run's checker from {@code Platform.invariants()}; it cannot read what others reported.
 */
@API(status = API.Status.MAINTAINED, since = "2")
public interface Invariants {

    /** An SMI reached a TD (a TD vCPU's SMM hooks were called). */
    String SMI_TO_TD = "smi-to-td";
    /** Host code (generic KVM, a backend's KVM side, userspace) tried to read a TD's private state. */
    String PROTECTED_STATE_READ = "protected-state-read";
    /**
     * A vCPU's KVM_RUN loop spins without progress: {@code vcpu_run} neither enters the guest nor
     * sleeps, because {@code kvm_vcpu_has_events} is true for a vCPU that cannot run.
     */
    String VCPU_LIVELOCK = "vcpu-livelock";
    /** A host NMI was handled on a physical CPU before an NMI that had reached the same CPU earlier. */
    String HOST_NMI_OUT_OF_ORDER = "host-nmi-out-of-order";

    /** The guest read a Quote's final status before that completion's data and out_len were in its memory. */
    String QUOTE_STATUS_BEFORE_DATA = "quote-status-before-data";
    /** One accepted Quote request was completed twice by the VMM, or got two results in the guest. */
    String QUOTE_COMPLETED_TWICE = "quote-completed-twice";

    /**
     * Records that invariant {@code name} broke now.
     *
     * @param detail what was seen, for the trace and the summary
     * @param task   the trace task it happened in ({@code vcpuN}, {@code host}, {@code tdxmod}, ...)
     * @param cpu    the physical CPU
     */
    void violated(String name, String detail, String task, int cpu);
}
