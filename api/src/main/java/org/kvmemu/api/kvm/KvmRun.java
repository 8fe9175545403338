package org.kvmemu.api.kvm;

import org.kvmemu.api.annotation.API;

/** The part of {@code struct kvm_run} shared with userspace that this model uses. */
@API(status = API.Status.MAINTAINED, since = "1")
public final class KvmRun {
    /** {@code exit_reason}, a {@link KvmExitReasons} value. */
    public int exitReason;
    /** {@code ex.exception} for KVM_EXIT_EXCEPTION. */
    public int exceptionVector;
    /** {@code ex.error_code} for KVM_EXIT_EXCEPTION. */
    public int exceptionErrorCode;
    /** {@code internal.suberror} for KVM_EXIT_INTERNAL_ERROR. */
    public int internalSuberror;
    /** {@code internal.data[0..1]}. */
    public final long[] internalData = new long[2];
    /** {@code fail_entry.hardware_entry_failure_reason}. */
    public long failEntryReason;
    /** {@code fail_entry.cpu}: the CPU of the failed entry ({@code last_vmentry_cpu}). */
    public int failEntryCpu;
    /** {@code request_interrupt_window}: userspace wants an IRQ-window exit. */
    public boolean requestInterruptWindow;
    /** {@code ready_for_interrupt_injection}. */
    public boolean readyForInterruptInjection;
    /** {@code if_flag}. */
    public boolean ifFlag;
    /** {@code eoi.vector} of KVM_EXIT_IOAPIC_EOI. */
    public int eoiVector;
    /** {@code tdx} for KVM_EXIT_TDX. */
    public final Tdx tdx = new Tdx();

    /**
     * {@code kvm_run.tdx} (KVM_EXIT_TDX, event-notify.md §N.3): {@code flags}, {@code nr} (the TDVMCALL leaf)
     * and the union's members as fields, one object reused by every exit. KVM pre-fills
     * {@code ret} with SUBFUNC_UNSUPPORTED; userspace writes its answer there (and, for
     * GetTdVmCallInfo, the outputs); KVM copies them to the guest on the next KVM_RUN.
     */
    public static final class Tdx {
        /** {@code flags}: 0. */
        public long flags;
        /** {@code nr}: the leaf. */
        public long nr;
        /** {@code ret} of every member: the status the guest gets in R10. */
        public long ret;
        /** {@code get_quote.gpa}: the buffer's GPA, shared bit stripped. */
        public long gpa;
        /** {@code get_quote.size}. */
        public long size;
        /** {@code get_tdvmcall_info.leaf}. */
        public long leaf;
        /** {@code get_tdvmcall_info.r11}. */
        public long r11;
        /** {@code get_tdvmcall_info.r12}. */
        public long r12;
        /** {@code get_tdvmcall_info.r13}. */
        public long r13;
        /** {@code get_tdvmcall_info.r14}. */
        public long r14;
        /** {@code setup_event_notify.vector}. */
        public long vector;
        /**
         * The APIC ID the guest passed to SetupEventNotifyInterrupt, or -1: this model's extension
         * (the review's proposal; KVM v6.16 has no such field).
         */
        public long apicId = -1;
    }
}
