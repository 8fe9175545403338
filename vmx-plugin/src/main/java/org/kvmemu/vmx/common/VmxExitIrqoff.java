package org.kvmemu.vmx.common;

import org.kvmemu.api.annotation.API;
import org.kvmemu.api.kvm.VmxExitReasons;
import org.kvmemu.api.platform.PhysicalCpu;

/**
 * {@code vmx_handle_exit_irqoff}, which VMX and TDX share: with host interrupts still off, the host
 * handler of an interrupt the CPU acknowledged on an EXTERNAL_INTERRUPT exit runs, and an #MC
 * exit goes to {@code kvm_machine_check}.
 */
@API(status = API.Status.INTERNAL, since = "2")
public final class VmxExitIrqoff {

    private VmxExitIrqoff() {
    }

    /** {@code vmx_handle_exit_irqoff} for the exit {@code vt} holds. */
    public static void handle(VcpuVt vt) {
        PhysicalCpu cpu = vt.vcpu().pcpu();
        int basic = vt.basicExitReason();
        if (basic == VmxExitReasons.EXTERNAL_INTERRUPT) {
            cpu.handle(vt.exitIntrInfo & 0xff, "vmx_handle_external_intr");
        } else if (basic == VmxExitReasons.EXCEPTION_NMI && IntrInfo.isMachineCheck(vt.exitIntrInfo)) {
            cpu.handleMachineCheck();
        }
    }
}
