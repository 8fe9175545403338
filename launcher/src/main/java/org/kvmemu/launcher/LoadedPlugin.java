package org.kvmemu.launcher;

import org.kvmemu.api.spi.Plugin;

/** A started plugin and its description. */
record LoadedPlugin<P extends Plugin>(PluginDescriptor descriptor, P provider) {
}
