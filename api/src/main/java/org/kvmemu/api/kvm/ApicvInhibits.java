package org.kvmemu.api.kvm;

import org.kvmemu.api.trace.KvmTracePoints;
import org.kvmemu.api.trace.Tracer;

/**
 * APICv's inhibit reasons (behaviour.md §C "APICv inhibits"): the VM-wide mask that
 * {@code kvm_set_or_clear_apicv_inhibit} maintains, the KVM_REQ_APICV_UPDATE it raises on every
 * vCPU when the mask goes from none to some or back, and {@code kvm_vcpu_update_apicv}.
 */
final class ApicvInhibits {

    private final Kvm kvm;
    private long reasons;

    ApicvInhibits(Kvm kvm) {
        this.kvm = kvm;
    }

    /** The VM-wide inhibit reasons. */
    long reasons() {
        return reasons;
    }

    /**
     * {@code kvm_set_or_clear_apicv_inhibit}: nothing without {@code enable_apicv}; reasons the
     * backend does not require are ignored; when the VM's inhibits go from none to some or back,
     * every vCPU gets KVM_REQ_APICV_UPDATE and is kicked.
     */
    void setOrClear(int reason, boolean set) {
        if (!kvm.enableApicv() || (kvm.ops().requiredApicvInhibits() & (1L << reason)) == 0) {
            return;
        }
        long old = reasons;
        setOrClearInhibit(reason, set);
        if ((old == 0) != (reasons == 0)) {
            for (int i = 0; i < kvm.vcpuCount(); i++) {
                KvmVcpu v = kvm.vcpu(i);
                v.makeRequest(KvmRequests.APICV_UPDATE);
                v.kick();
            }
        }
    }

    /** {@code set_or_clear_apicv_inhibit}, traced as {@code kvm_apicv_inhibit_changed}. */
    void setOrClearInhibit(int reason, boolean set) {
        if (set) {
            reasons |= 1L << reason;
        } else {
            reasons &= ~(1L << reason);
        }
        Tracer trace = kvm.trace();
        if (trace.on(KvmTracePoints.KVM_APICV_INHIBIT_CHANGED)) {
            trace.emit(KvmTracePoints.KVM_APICV_INHIBIT_CHANGED, trace.contextTask(), trace.contextCpu(), reason, set,
                    reasons);
        }
    }

    /** {@code kvm_arch_vcpu_guestdbg_update_apicv_inhibit}: BLOCKIRQ while any vCPU debugs with it. */
    void updateGuestDebug() {
        boolean any = false;
        for (int i = 0; i < kvm.vcpuCount(); i++) {
            any |= kvm.vcpu(i).guestDebugBlockIrq();
        }
        setOrClear(Kvm.APICV_INHIBIT_BLOCKIRQ, any);
    }

    /**
     * {@code kvm_vcpu_update_apicv}: the vCPU follows the VM's inhibits; the backend refreshes its
     * controls; on activation SVI follows ISR, on deactivation KVM_REQ_EVENT is raised so that
     * interrupts the CPU would have delivered are injected.
     */
    void vcpuUpdateApicv(KvmVcpu vcpu) {
        boolean activate = reasons == 0;
        if (vcpu.arch.apicvActive == activate) {
            return;
        }
        vcpu.arch.apicvActive = activate;
        kvm.ops().refreshApicvExecCtrl(vcpu);
        if (activate) {
            kvm.hwapicIsrUpdate(vcpu, vcpu.apic().isr().highest());
        } else {
            vcpu.makeRequest(KvmRequests.EVENT);
        }
    }
}
