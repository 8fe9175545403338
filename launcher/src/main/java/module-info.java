/** The kvmemu command line: plugin discovery and selection, run, check, list, demo. */
module org.kvmemu.launcher {
    requires org.kvmemu.api;
    requires org.apache.commons.cli;

    uses org.kvmemu.api.spi.BackendProvider;
    uses org.kvmemu.api.spi.GuestDriverProvider;
}
