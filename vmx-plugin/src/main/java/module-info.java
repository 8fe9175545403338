import org.kvmemu.api.spi.BackendProvider;
import org.kvmemu.vmx.VmxBackendProvider;

/**
 * The VMX backend: kvm-intel's vmx.c and posted_intr.c, and the VMX hardware they drive (VM entry
 * and exit, event injection, interrupt and NMI windows, APICv posted interrupts and virtual
 * interrupt delivery). What TDX reuses — {@code struct vcpu_vt}, the posted-interrupt code of
 * {@code vmx/common.h} and {@code posted_intr.c}, {@code vmx_handle_exit_irqoff} and the VMX table
 * itself — is in {@code org.kvmemu.vmx.common}, exported to the TDX backend only.
 */
module org.kvmemu.vmx {
    requires org.kvmemu.api;

    exports org.kvmemu.vmx.common to org.kvmemu.tdx;

    provides BackendProvider with VmxBackendProvider;
}
