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
}
