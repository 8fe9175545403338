import org.kvmemu.api.spi.BackendProvider;
import org.kvmemu.tdx.TdxBackendProvider;

/**
 * The TDX backend: KVM's tdx.c behind the {@code vt} dispatch of vmx/main.c, reusing the VMX
 * backend's shared posted-interrupt and exit code ({@code org.kvmemu.vmx.common}), and a model of
 * the TDX module ({@code org.kvmemu.tdx.module}) that holds every TD's private state and is reached
 * only through SEAMCALLs. It must sit beside {@code org.kvmemu.vmx} in the launcher's {@code lib/}
 * (one module layer): a qualified export does not reach a child layer such as {@code plugins/}.
 */
module org.kvmemu.tdx {
    requires org.kvmemu.api;
    requires org.kvmemu.vmx;

    provides BackendProvider with TdxBackendProvider;
}
