/**
 * kvmemu's core: the {@code kvm_x86_ops}-style SPI, the simulation core, generic KVM (x86.c,
 * lapic.c, irq.c), the simulated platform, the guest model, the scenario runtime and the trace.
 * Plugins require this module alone and see what a vendor module or guest driver sees in the
 * kernel: the hook table and the provider interfaces, the VM and vCPU structures without their
 * ioctls, the platform, the guest as the CPU model drives it, and the trace points. The scenario
 * runtime and the trace writers are the launcher's alone; userspace, the guest program interpreter
 * and the invariant checker stay inside.
 */
module org.kvmemu.api {
    exports org.kvmemu.api.annotation;
    exports org.kvmemu.api.apic;
    exports org.kvmemu.api.guest;
    exports org.kvmemu.api.invariant;
    exports org.kvmemu.api.kvm;
    exports org.kvmemu.api.platform;
    exports org.kvmemu.api.sim;
    exports org.kvmemu.api.spi;
    exports org.kvmemu.api.trace;

    exports org.kvmemu.api.scenario to org.kvmemu.launcher;
    exports org.kvmemu.api.trace.output to org.kvmemu.launcher;
}
