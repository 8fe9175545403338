package org.kvmemu.api.vmm;

import java.lang.invoke.MethodHandles;
import org.kvmemu.api.kvm.VmFd;
import org.kvmemu.api.platform.Platform;
import org.kvmemu.api.sim.Simulator;
import org.kvmemu.api.spi.VmConfig;
import org.kvmemu.api.spi.X86Ops;
import org.kvmemu.api.trace.Tracer;

/**
 * {@code /dev/kvm}: the only place a VM is created (KVM_CREATE_VM). It lives in a package no
 * plugin can read, so that a plugin, which sees VMs only as {@code Kvm}, can neither create one nor
 * obtain a {@link VmFd} or its vCPUs' file descriptors. The kvm package installs the
 * implementation ({@link #install}) when {@link VmFd} is initialized.
 */
public final class DevKvm {

    /** KVM_CREATE_VM, as the kvm package implements it. */
    @FunctionalInterface
    public interface CreateVm {
        /** See {@link DevKvm#createVm}. */
        VmFd createVm(VmConfig config, Simulator sim, Tracer trace, Platform platform, String backend, X86Ops table);
    }

    private static CreateVm createVm;

    private DevKvm() {
    }

    /** Called once, by {@link VmFd}'s initializer. */
    public static synchronized void install(CreateVm implementation) {
        if (createVm != null) {
            throw new IllegalStateException("KVM_CREATE_VM is already installed");
        }
        createVm = implementation;
    }

    /**
     * KVM_CREATE_VM with {@code config} on {@code platform}, with the hook table {@code table} of
     * backend {@code backend} installed and bound to it ({@code vm_init}).
     *
     * @throws org.kvmemu.api.spi.PluginException when {@code vm_init} fails
     */
    public static VmFd createVm(VmConfig config, Simulator sim, Tracer trace, Platform platform, String backend,
                                X86Ops table) {
        try {
            MethodHandles.lookup().ensureInitialized(VmFd.class);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
        return createVm.createVm(config, sim, trace, platform, backend, table);
    }
}
