package org.kvmemu.api.kvm;

import org.kvmemu.api.spi.X86Ops;
import org.kvmemu.api.trace.KvmTracePoints;
import org.kvmemu.api.trace.Tracer;

/**
 * A vCPU's event logic from x86.c and irq.c: {@code process_nmi}, {@code process_smi},
 * {@code kvm_check_and_inject_events} in the kernel's priority order (behaviour.md §A.3, §A.5), the
 * pending-interrupt queries ({@code kvm_cpu_has_*}, {@code kvm_cpu_get_interrupt}, §A.6) and
 * {@code kvm_vcpu_has_events}. The state it works on is the vCPU's ({@link KvmVcpu#arch}).
 */
final class EventInjection {

    private final KvmVcpu vcpu;
    private final VcpuArch arch;
    private final Lapic apic;

    EventInjection(KvmVcpu vcpu) {
        this.vcpu = vcpu;
        this.arch = vcpu.arch;
        this.apic = vcpu.apic();
    }

    /** {@code kvm_vcpu_has_events} (behaviour.md §A.6). */
    boolean kvmVcpuHasEvents() {
        return pendingEvent() != null;
    }

    /**
     * The first reason {@code kvm_vcpu_has_events} finds, in its order, as a few words (for
     * messages), or null when it would return false.
     */
    String pendingEvent() {
        X86Ops ops = vcpu.kvm().ops();
        if (apic.hasPendingInitOrSipi() && vcpu.initSipiAllowed()) {
            return "a pending INIT or SIPI";
        }
        if (arch.exceptionPending) {
            return "a pending exception";
        }
        if (vcpu.testRequest(KvmRequests.NMI)) {
            return "KVM_REQ_NMI";
        }
        if (arch.nmiPending > 0 && ops.nmiAllowed(vcpu, false) > 0) {
            return "a pending NMI";
        }
        if (vcpu.testRequest(KvmRequests.SMI)) {
            return "KVM_REQ_SMI";
        }
        if (arch.smiPending && ops.smiAllowed(vcpu, false) > 0) {
            return "a pending SMI";
        }
        return ops.interruptAllowed(vcpu, false) > 0 && kvmCpuHasInterrupt() ? "a pending interrupt" : null;
    }

    /** {@code kvm_cpu_has_extint}. */
    boolean kvmCpuHasExtint() {
        return apic.acceptPicIntr() && arch.pendingExternalVector != -1;
    }

    /** {@code kvm_cpu_has_injectable_intr}. */
    boolean kvmCpuHasInjectableIntr() {
        if (kvmCpuHasExtint()) {
            return true;
        }
        if (arch.apicvActive) {
            return false;
        }
        return apic.hasInterrupt() != -1;
    }

    /** {@code kvm_cpu_has_interrupt}. */
    boolean kvmCpuHasInterrupt() {
        if (kvmCpuHasExtint()) {
            return true;
        }
        if (apic.guestApicProtected()) {
            return vcpu.kvm().protectedApicHasInterrupt(vcpu);
        }
        return apic.hasInterrupt() != -1;
    }

    /** {@code kvm_cpu_get_interrupt}: the vector to inject (acknowledged), or -1. */
    int kvmCpuGetInterrupt() {
        if (kvmCpuHasExtint()) {
            int v = arch.pendingExternalVector;
            arch.pendingExternalVector = -1;
            return v;
        }
        int vector = apic.hasInterrupt();
        if (vector == -1) {
            return -1;
        }
        apic.ackInterrupt(vector);
        return vector;
    }

    /** {@code process_nmi} (behaviour.md §A.3). */
    void processNmi() {
        X86Ops ops = vcpu.kvm().ops();
        int limit = ops.getNmiMask(vcpu) || arch.nmiInjected ? 1 : 2;
        if (ops.isVnmiPending(vcpu)) {
            limit--;
        }
        arch.nmiPending = Math.min(arch.nmiPending + arch.nmiQueued, limit);
        arch.nmiQueued = 0;
        if (arch.nmiPending > 0 && ops.setVnmiPending(vcpu)) {
            arch.nmiPending--;
        }
        if (arch.nmiPending > 0) {
            vcpu.makeRequest(KvmRequests.EVENT);
        }
    }

    /** {@code process_smi}: the SMI becomes pending and events are re-evaluated. */
    void processSmi() {
        arch.smiPending = true;
        vcpu.makeRequest(KvmRequests.EVENT);
    }

    /**
     * {@code kvm_check_and_inject_events} in the kernel's priority order (behaviour.md §A.5): re-injection,
     * exceptions, SMI, NMI, IRQ, then window requests. Returns 0, or -EBUSY when an event must wait
     * for an exit ({@code req_immediate_exit}).
     */
    int checkAndInjectEvents() {
        X86Ops ops = vcpu.kvm().ops();
        if (arch.exceptionInjected) {
            injectException();
        } else if (!arch.exceptionPending) {
            if (arch.nmiInjected) {
                ops.injectNmi(vcpu);
            } else if (arch.interruptInjected) {
                ops.injectIrq(vcpu, true);
            }
        }
        boolean canInject = !arch.needsReinjection();
        if (arch.exceptionPending) {
            injectException();
            arch.exceptionPending = false;
            arch.exceptionInjected = true;
            canInject = false;
        }
        if (vcpu.guestDebugBlockIrq()) {
            return 0;
        }
        int r = 0;
        if (arch.smiPending) {
            r = canInject ? ops.smiAllowed(vcpu, true) : -Errno.EBUSY;
            if (r < 0) {
                return r;
            }
            if (r > 0) {
                arch.smiPending = false;
                vcpu.kvm().enterSmm(vcpu);
                canInject = false;
            } else {
                ops.enableSmiWindow(vcpu);
            }
        }
        if (arch.nmiPending > 0) {
            r = canInject ? ops.nmiAllowed(vcpu, true) : -Errno.EBUSY;
            if (r < 0) {
                return r;
            }
            if (r > 0) {
                arch.nmiPending--;
                arch.nmiInjected = true;
                ops.injectNmi(vcpu);
                canInject = false;
            }
            if (arch.nmiPending > 0) {
                ops.enableNmiWindow(vcpu);
            }
        }
        if (kvmCpuHasInjectableIntr()) {
            r = canInject ? ops.interruptAllowed(vcpu, true) : -Errno.EBUSY;
            if (r < 0) {
                return r;
            }
            if (r > 0) {
                int irq = kvmCpuGetInterrupt();
                if (irq != -1) {
                    arch.interruptInjected = true;
                    arch.interruptNr = irq;
                    arch.interruptSoft = false;
                    ops.injectIrq(vcpu, false);
                }
            }
            if (kvmCpuHasInjectableIntr()) {
                ops.enableIrqWindow(vcpu);
            }
        }
        return 0;
    }

    /** {@code kvm_queue_exception}: exception {@code vector} becomes pending for injection. */
    void queueException(int vector, boolean hasError, int errorCode) {
        arch.exceptionPending = true;
        arch.exceptionVector = vector;
        arch.exceptionHasError = hasError;
        arch.exceptionErrorCode = errorCode;
        vcpu.makeRequest(KvmRequests.EVENT);
    }

    /**
     * {@code kvm_inject_exception}: trace it ({@code [reinjected]} when the exception was already
     * injected once), then the backend's {@code inject_exception}.
     */
    private void injectException() {
        Tracer trace = vcpu.kvm().trace();
        if (trace.on(KvmTracePoints.KVM_INJ_EXCEPTION)) {
            trace.emit(KvmTracePoints.KVM_INJ_EXCEPTION, vcpu.task(), vcpu.cpu(), arch.exceptionVector,
                    arch.exceptionHasError, arch.exceptionErrorCode, arch.exceptionInjected);
        }
        vcpu.kvm().ops().injectException(vcpu);
    }
}
