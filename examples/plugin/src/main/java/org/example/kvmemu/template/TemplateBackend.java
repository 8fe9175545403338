package org.example.kvmemu.template;

import java.util.ServiceLoader;
import java.util.Set;
import org.kvmemu.api.spi.BackendProvider;
import org.kvmemu.api.spi.PluginException;
import org.kvmemu.api.spi.SpiVersion;
import org.kvmemu.api.spi.VmType;
import org.kvmemu.api.spi.X86Ops;

/**
 * The template backend, {@code machine backend=template}: ordinary VMX guests only, each VM with a
 * fresh {@link TemplateOps} over a fresh table of the installed {@code vmx} backend.
 */
public final class TemplateBackend implements BackendProvider {

    /** The backend whose hook table this one forwards to. */
    private static final String BASE = "vmx";

    @Override
    public String name() {
        return "template";
    }

    @Override
    public int spiVersion() {
        return SpiVersion.CURRENT;
    }

    @Override
    public String description() {
        return "The plugin template: the vmx backend, with every NMI injection traced (template_inject_nmi).";
    }

    @Override
    public Set<VmType> vmTypes() {
        return Set.of(VmType.DEFAULT);
    }

    @Override
    public X86Ops create() {
        return new TemplateOps(base().create());
    }

    private static BackendProvider base() {
        ModuleLayer layer = TemplateBackend.class.getModule().getLayer();
        return ServiceLoader.load(layer, BackendProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(provider -> provider.name().equals(BASE))
                .findFirst()
                .orElseThrow(() -> new PluginException("the template backend needs the " + BASE + " backend"));
    }
}
