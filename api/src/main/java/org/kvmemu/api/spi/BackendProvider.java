package org.kvmemu.api.spi;

import java.util.Set;
import org.kvmemu.api.annotation.API;
import org.kvmemu.api.kvm.Kvm;

/**
 * A backend: the vendor module of the model (kvm-intel for VMX, its TDX half for TDs). Found with
 * {@link java.util.ServiceLoader}; {@link #create} builds the hook table for one VM, as
 * {@code kvm_x86_vendor_init} installs a vendor's {@code kvm_x86_ops}.
 */
@API(status = API.Status.STABLE, since = "1")
public interface BackendProvider extends Plugin {

    /** The VM types this backend can run. */
    Set<VmType> vmTypes();

    /**
     * The hook table for {@code vm}. Called once per VM, before any vCPU exists; the table may keep
     * per-VM and per-vCPU state (as {@code struct kvm_vmx} and {@code struct vcpu_vmx} do).
     */
    X86Ops create(Kvm vm);
}
