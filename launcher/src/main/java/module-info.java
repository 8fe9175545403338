/**
 * The kvmemu command line: plugin discovery and selection, run, check, list, demo. Finds every
 * plugin through {@link java.util.ServiceLoader}, in the boot layer and in a plugins folder loaded
 * into a module layer of its own; never names a plugin class.
 */
module org.kvmemu.launcher {
    requires org.kvmemu.api;
    requires org.apache.commons.cli;

    uses org.kvmemu.api.spi.BackendProvider;
    uses org.kvmemu.api.spi.GuestDriverProvider;

    provides java.util.spi.ToolProvider with org.kvmemu.launcher.KvmemuToolProvider;
}
