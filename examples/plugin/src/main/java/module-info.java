/**
 * A minimal kvmemu backend: {@code machine backend=template} runs the VMX backend's hook table
 * through {@link org.kvmemu.api.spi.ForwardingX86Ops} and traces each NMI injection. It requires
 * {@code org.kvmemu.api} alone, finds the {@code vmx} backend as a service, and provides itself as
 * one.
 */
module org.example.kvmemu.template {
    requires org.kvmemu.api;

    uses org.kvmemu.api.spi.BackendProvider;

    provides org.kvmemu.api.spi.BackendProvider with org.example.kvmemu.template.TemplateBackend;
}
