import org.kvmemu.api.spi.BackendProvider;
import org.kvmemu.vmx.VmxBackendProvider;

/**
 * The VMX backend: kvm-intel's vmx.c and posted_intr.c, and the VMX hardware they drive (VM entry
 * and exit, event injection, interrupt and NMI windows, APICv posted interrupts and virtual
 * interrupt delivery). The posted-interrupt code TDX reuses ({@code vmx/common.h}) is exported to
 * the TDX backend only.
 */
module org.kvmemu.vmx {
    requires org.kvmemu.api;

    exports org.kvmemu.vmx.common to org.kvmemu.tdx;

    provides BackendProvider with VmxBackendProvider;
}
