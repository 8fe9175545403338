package org.kvmemu.vmx.common;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.kvmemu.api.annotation.API;
import org.kvmemu.api.kvm.KvmVcpu;
import org.kvmemu.api.platform.HostInterruptHandler;
import org.kvmemu.api.platform.HostVectors;
import org.kvmemu.api.platform.PhysicalCpu;
import org.kvmemu.api.platform.Platform;

/**
 * The posted-interrupt wake-up of {@code posted_intr.c}: per physical CPU, the list of blocked
 * vCPUs ({@code wakeup_vcpus_on_cpu}) that the notification vector 0xf1 must wake, its one handler
 * ({@code pi_wakeup_handler}, installed once per platform as kvm-intel installs it at module
 * load), and {@code vmx_vcpu_pi_load}/{@code vmx_vcpu_pi_put}, which VMX and TDX share.
 */
@API(status = API.Status.INTERNAL, since = "2")
public final class PiWakeup implements HostInterruptHandler {

    private final List<List<VcpuVt>> wakeupVcpusOnCpu = new ArrayList<>();

    private PiWakeup(int cpus) {
        for (int i = 0; i < cpus; i++) {
            wakeupVcpusOnCpu.add(new ArrayList<>());
        }
    }

    /** The wake-up lists of {@code platform}, installing the 0xf1 handler the first time. */
    public static PiWakeup of(Platform platform) {
        if (platform.handler(HostVectors.POSTED_INTR_WAKEUP) instanceof PiWakeup installed) {
            return installed;
        }
        PiWakeup wakeup = new PiWakeup(platform.cpuCount());
        platform.setPostedIntrWakeupHandler(wakeup);
        return wakeup;
    }

    @Override
    public String name() {
        return "pi_wakeup_handler";
    }

    /** {@code pi_wakeup_handler}: wake every vCPU on this CPU's list whose descriptor has ON set. */
    @Override
    public void handle(PhysicalCpu cpu, int vector) {
        for (VcpuVt vt : wakeupVcpusOnCpu.get(cpu.id())) {
            if (vt.pid().on()) {
                vt.vcpu().wakeUp();
            }
        }
    }

    /**
     * {@code vmx_vcpu_pi_load}: off the wake-up list if on it; NDST := this CPU, SN := 0,
     * NV := 0xf2; ON if PIR is not empty.
     */
    public void load(VcpuVt vt, int pcpu) {
        if (vt.wakeupCpu >= 0) {
            wakeupVcpusOnCpu.get(vt.wakeupCpu).remove(vt);
            vt.wakeupCpu = -1;
        }
        PiDesc pid = vt.pid();
        pid.setNdst(pcpu);
        pid.clearSn();
        pid.setNv(HostVectors.POSTED_INTR);
        if (!pid.pir().isEmpty()) {
            pid.setOn();
        }
    }

    /**
     * {@code vmx_vcpu_pi_put}: when the CPU may post to the vCPU without KVM
     * ({@code needsWakeup}, {@code vmx_needs_pi_wakeup}), a vCPU that blocks with interrupts allowed
     * ({@code interruptsAllowed}: {@code !vmx_interrupt_blocked} on VMX, {@code tdx_interrupt_allowed}
     * for a TD) goes on its CPU's wake-up list with NV := 0xf1, and, if ON is already set, a self-IPI
     * 0xf1 so the wake-up is not lost; a preempted one gets SN := 1.
     */
    public void put(VcpuVt vt, boolean needsWakeup, Predicate<KvmVcpu> interruptsAllowed) {
        if (!needsWakeup) {
            return;
        }
        KvmVcpu vcpu = vt.vcpu();
        PiDesc pid = vt.pid();
        if (vcpu.thread() == KvmVcpu.ThreadState.BLOCKED && interruptsAllowed.test(vcpu)) {
            wakeupVcpusOnCpu.get(vcpu.cpu()).add(vt);
            vt.wakeupCpu = vcpu.cpu();
            pid.setNv(HostVectors.POSTED_INTR_WAKEUP);
            if (pid.on()) {
                vcpu.pcpu().sendIpi(vcpu.cpu(), HostVectors.POSTED_INTR_WAKEUP);
            }
        } else if (vcpu.thread() == KvmVcpu.ThreadState.PREEMPTED) {
            pid.setSn();
        }
    }
}
