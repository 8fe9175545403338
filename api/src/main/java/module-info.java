/**
 * kvmemu's core: the {@code kvm_x86_ops}-style SPI, the simulation core, generic KVM (x86.c,
 * lapic.c, irq.c), the simulated platform, the guest model, the scenario runtime and the trace.
 * Plugins require this module alone.
 */
module org.kvmemu.api {
    exports org.kvmemu.api.annotation;
    exports org.kvmemu.api.apic;
    exports org.kvmemu.api.spi;
    exports org.kvmemu.api.sim;
    exports org.kvmemu.api.kvm;
    exports org.kvmemu.api.platform;
    exports org.kvmemu.api.guest;
    exports org.kvmemu.api.trace;
    exports org.kvmemu.api.scenario;
    exports org.kvmemu.api.check;
}
