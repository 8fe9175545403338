package org.kvmemu.launcher;

/** The kinds of plugin kvmemu loads, in the order {@code kvmemu list} shows them. */
enum PluginKind {
    /** A {@link org.kvmemu.api.spi.BackendProvider}. */
    BACKEND("backend"),
    /** A {@link org.kvmemu.api.spi.GuestDriverProvider}. */
    GUEST_DRIVER("guest-driver");

    private final String label;

    PluginKind(String label) {
        this.label = label;
    }

    /** The kind as users read it: {@code backend} or {@code guest-driver}. */
    String label() {
        return label;
    }
}
