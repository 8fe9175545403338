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

    /** Interruption info: type bits 10:8. */
    private static final int INTR_TYPE_MASK = 0x700;
    /** Type hardware exception (3). */
    private static final int INTR_TYPE_HARD_EXCEPTION = 3 << 8;
    /** {@code MC_VECTOR}. */
    private static final int MC_VECTOR = 18;

    private VmxExitIrqoff() {
    }

    /** {@code vmx_handle_exit_irqoff} for the exit {@code vt} holds. */
    public static void handle(VcpuVt vt) {
        PhysicalCpu cpu = vt.vcpu().pcpu();
        int basic = vt.basicExitReason();
        if (basic == VmxExitReasons.EXTERNAL_INTERRUPT) {
            cpu.handle(vt.exitIntrInfo & 0xff, "vmx_handle_external_intr");
        } else if (basic == VmxExitReasons.EXCEPTION_NMI
                && (vt.exitIntrInfo & INTR_TYPE_MASK) == INTR_TYPE_HARD_EXCEPTION
                && (vt.exitIntrInfo & 0xff) == MC_VECTOR) {
            cpu.handleMachineCheck();
        }
    }
}
