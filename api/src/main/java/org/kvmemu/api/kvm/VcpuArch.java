package org.kvmemu.api.kvm;

import java.util.function.IntSupplier;
import org.kvmemu.api.annotation.API;
import org.kvmemu.api.apic.ApicBitmap;

/**
 * The event-injection part of {@code vcpu->arch} (behaviour.md §A.1): the exception, NMI, interrupt and
 * SMI queues that x86.c and the vendor code share. Fields carry the kernel's names; like the
 * kernel's struct, backends read and write them directly.
 */
@API(status = API.Status.MAINTAINED, since = "1")
public final class VcpuArch {
    /**
     * {@code ioapic_handled_vectors}: the vectors whose EOI userspace's I/O APIC must hear of (and,
     * loaded as the EOI-exit bitmap, that an APICv guest's EOI exits for).
     */
    public final ApicBitmap ioapicHandledVectors = new ApicBitmap();
    /** {@code pending_ioapic_eoi}: the vector of the EOI KVM_EXIT_IOAPIC_EOI reports. */
    public int pendingIoapicEoi;
    /** {@code highest_stale_pending_ioapic_eoi}, -1 for none. */
    public int highestStalePendingIoapicEoi = -1;
    /** {@code exception.pending}. */
    public boolean exceptionPending;
    /** {@code exception.injected}. */
    public boolean exceptionInjected;
    /** {@code exception.vector}. */
    public int exceptionVector;
    /** {@code exception.has_error_code}. */
    public boolean exceptionHasError;
    /** {@code exception.error_code}. */
    public int exceptionErrorCode;
    /** {@code nmi_queued}: NMIs raised but not yet processed (an atomic counter in the kernel). */
    public int nmiQueued;
    /** {@code nmi_pending}: NMIs waiting to be injected. */
    public int nmiPending;
    /** {@code nmi_injected}: an NMI is in the VM-entry field (or being re-injected). */
    public boolean nmiInjected;
    /** {@code interrupt.injected}. */
    public boolean interruptInjected;
    /** {@code interrupt.soft}. */
    public boolean interruptSoft;
    /** {@code interrupt.nr}. */
    public int interruptNr;
    /** {@code smi_pending}. */
    public boolean smiPending;
    /** {@code hflags & HF_SMM_MASK}: the vCPU is in SMM. */
    public boolean inSmm;
    /** {@code HF_SMM_INSIDE_NMI_MASK}: NMIs were already blocked when the vCPU entered SMM. */
    public boolean smmInsideNmiMask;
    /** {@code pending_external_vector}: the ExtINT vector from KVM_INTERRUPT, or -1. */
    public int pendingExternalVector = -1;
    /** {@code pv.pv_unhalted}: a PV kick (REMRD delivery) arrived. */
    public boolean pvUnhalted;
    /** {@code mp_state}. */
    public MpState mpState = MpState.RUNNABLE;
    /** {@code apicv_active}. */
    public boolean apicvActive;
    /**
     * {@code guest_state_protected}: the guest's registers are not KVM's to read or write (a TD
     * that is not a debug TD); ioctls that would need them fail.
     */
    public boolean guestStateProtected;
    /**
     * {@code complete_userspace_io}: what the next KVM_RUN does first, after an exit the vendor
     * code left for userspace to answer (it returns 1 to go on into the guest); cleared when called.
     */
    public IntSupplier completeUserspaceIo;

    /** {@code kvm_event_needs_reinjection}: an exception, NMI or interrupt is being (re)injected. */
    public boolean needsReinjection() {
        return exceptionInjected || interruptInjected || nmiInjected;
    }
}
