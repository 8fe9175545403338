package org.kvmemu.vmx.common;

import org.kvmemu.api.annotation.API;
import org.kvmemu.api.kvm.KvmVcpu;

/**
 * {@code struct vcpu_vt} ({@code vmx/common.h}): what VMX and TDX both keep per vCPU — the
 * posted-interrupt descriptor, the link into a physical CPU's wake-up list, and the last exit's
 * reason, qualification and interruption information. Each vendor keeps the rest of its vCPU
 * private.
 */
@API(status = API.Status.INTERNAL, since = "2")
public final class VcpuVt {

    private final KvmVcpu vcpu;
    private final PiDesc pid = new PiDesc();
    /** {@code pi_wakeup_list}: the physical CPU whose wake-up list holds this vCPU, or -1. */
    int wakeupCpu = -1;
    /** {@code exit_reason}: the basic reason, with the failed-entry bit 31 if set. */
    public int exitReason;
    /** {@code exit_qualification}. */
    public long exitQualification;
    /** {@code exit_intr_info}: the VM-exit interruption information. */
    public int exitIntrInfo;

    /** The shared state of {@code vcpu}. */
    public VcpuVt(KvmVcpu vcpu) {
        this.vcpu = vcpu;
    }

    /** The vCPU. */
    public KvmVcpu vcpu() {
        return vcpu;
    }

    /** {@code pi_desc}. */
    public PiDesc pid() {
        return pid;
    }

    /** The basic exit reason (bits 15:0). */
    public int basicExitReason() {
        return exitReason & 0xffff;
    }
}
