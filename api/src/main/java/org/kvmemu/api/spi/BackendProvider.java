package org.kvmemu.api.spi;

import java.util.Optional;
import java.util.Set;
import org.kvmemu.api.annotation.API;

/**
 * A backend: the vendor module of the model (kvm-intel for VMX, its TDX half for TDs). Found with
 * {@link java.util.ServiceLoader}; {@link #create} makes a hook table, as {@code kvm_x86_vendor_init}
 * installs a vendor's {@code kvm_x86_ops}. The launcher checks a fresh table when it finds the
 * backend ({@link OpsCheck}, like {@code kvm_ops_update}); each VM gets its own, bound to it by
 * {@link X86Ops#vmInit}.
 */
@API(status = API.Status.STABLE, since = "1")
public interface BackendProvider extends Plugin {

    /** The VM types this backend can run. */
    Set<VmType> vmTypes();

    /**
     * A new hook table, not yet bound to a VM: it must do nothing with the platform until
     * {@link X86Ops#vmInit}. The table may keep per-VM and per-vCPU state (as
     * {@code struct kvm_vmx} and {@code struct vcpu_vmx} do); it serves one VM.
     */
    X86Ops create();

    /**
     * Whether this backend refuses to run a VM configured as {@code config} (a TD without APICv,
     * say); checked when the scenario is parsed, before anything runs. None by default.
     */
    default Optional<Refusal> refuse(VmConfig config) {
        return Optional.empty();
    }

    /**
     * The part of userspace this backend's VMs need (the VMM's answers to KVM_EXIT_TDX, say), made
     * once per VM when userspace starts, or null for none.
     */
    default UserspaceExitHandler userspace(VmmServices vmm) {
        return null;
    }
}
