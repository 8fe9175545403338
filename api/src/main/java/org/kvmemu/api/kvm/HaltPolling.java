package org.kvmemu.api.kvm;

import org.kvmemu.api.trace.KvmTracePoints;
import org.kvmemu.api.trace.Tracer;

/**
 * The halt polling of {@code kvm_vcpu_halt} (virt/kvm/kvm_main.c) for one vCPU: its
 * {@code halt_poll_ns}, capped by the VM's {@code halt_poll_ns} module parameter
 * ({@code kvm_vcpu_max_halt_poll_ns}); how it grows and shrinks after each halt
 * ({@code grow_halt_poll_ns}, {@code shrink_halt_poll_ns}, traced as {@code kvm_halt_poll_ns});
 * and the statistics of {@code update_halt_poll_stats}. The run loop does the polling itself.
 */
final class HaltPolling {

    /** {@code halt_poll_ns_grow}. */
    static final long GROW = 2;
    /** {@code halt_poll_ns_grow_start}: 10 µs. */
    static final long GROW_START = 10_000;
    /** {@code halt_poll_ns_shrink}. */
    static final long SHRINK = 2;

    private final KvmVcpu vcpu;
    private final VcpuStats stat;
    /** {@code vcpu->halt_poll_ns}: how long the next halt polls. */
    private long haltPollNs;

    HaltPolling(KvmVcpu vcpu) {
        this.vcpu = vcpu;
        this.stat = vcpu.stat();
    }

    /** {@code kvm_vcpu_max_halt_poll_ns}: the module parameter (no KVM_CAP_HALT_POLL override). */
    private long max() {
        return vcpu.kvm().haltPollNs();
    }

    /** {@code vcpu->halt_poll_ns}. */
    long haltPollNs() {
        return haltPollNs;
    }

    /**
     * The start of {@code kvm_vcpu_halt}: {@code halt_poll_ns} is capped by the maximum; returns
     * how long to poll ({@code do_halt_poll} when above 0; x86's {@code kvm_arch_no_poll} is false
     * while the guest leaves MSR_KVM_POLL_CONTROL as it starts).
     */
    long start() {
        haltPollNs = Math.min(haltPollNs, max());
        return haltPollNs;
    }

    /**
     * The end of {@code kvm_vcpu_halt}: the statistics, then the new {@code halt_poll_ns} for a halt
     * of {@code haltNs} (polling included); every x86 wake-up is valid ({@code vcpu_valid_wakeup}).
     *
     * @param polled  whether the halt polled ({@code do_halt_poll})
     * @param pollNs  how long it polled
     * @param waited  whether the vCPU was scheduled out ({@code kvm_vcpu_block} waited)
     * @param waitNs  how long it was blocked after polling
     */
    void finish(long haltNs, boolean polled, long pollNs, boolean waited, long waitNs) {
        if (waited) {
            stat.haltWaitNs += waitNs;
        }
        if (polled) {
            stat.haltAttemptedPoll++;
            if (!waited) {
                stat.haltSuccessfulPoll++;
                stat.haltPollSuccessNs += pollNs;
            } else {
                stat.haltPollFailNs += pollNs;
            }
        }
        long max = max();
        if (max == 0) {
            haltPollNs = 0;
        } else if (haltNs <= haltPollNs) {
            return;
        } else if (haltPollNs != 0 && haltNs > max) {
            shrink();
        } else if (haltPollNs < max && haltNs < max) {
            grow();
        }
    }

    /** {@code grow_halt_poll_ns}: double it, starting from {@code halt_poll_ns_grow_start}. */
    private void grow() {
        long old = haltPollNs;
        haltPollNs = Math.max(haltPollNs * GROW, GROW_START);
        trace(true, old);
    }

    /** {@code shrink_halt_poll_ns}: halve it; below {@code halt_poll_ns_grow_start} it is 0. */
    private void shrink() {
        long old = haltPollNs;
        haltPollNs /= SHRINK;
        if (haltPollNs < GROW_START) {
            haltPollNs = 0;
        }
        trace(false, old);
    }

    private void trace(boolean grow, long old) {
        Tracer trace = vcpu.kvm().trace();
        if (trace.on(KvmTracePoints.KVM_HALT_POLL_NS)) {
            trace.emit(KvmTracePoints.KVM_HALT_POLL_NS, vcpu.task(), vcpu.cpu(), grow, vcpu.id(), haltPollNs, old);
        }
    }
}
