package org.kvmemu.launcher;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a command runs with: the output streams, the global options and the installed plugins,
 * discovered the first time a command asks for them.
 */
final class Context {

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean stackTraces;
    private final Optional<Path> pluginsFolder;
    private final boolean pluginsFolderGiven;
    private PluginRegistry plugins;

    /**
     * @param pluginsFolder      the plugins folder: the {@code --plugins} one, or the distribution's
     * @param pluginsFolderGiven whether the user named it; then it must exist
     */
    Context(PrintWriter out, PrintWriter err, boolean stackTraces, Optional<Path> pluginsFolder,
            boolean pluginsFolderGiven) {
        this.out = out;
        this.err = err;
        this.stackTraces = stackTraces;
        this.pluginsFolder = pluginsFolder;
        this.pluginsFolderGiven = pluginsFolderGiven;
    }

    /** Standard output: traces, summaries, listings. */
    PrintWriter out() {
        return out;
    }

    /** Standard error: errors, warnings. */
    PrintWriter err() {
        return err;
    }

    /** Prints {@code e}'s stack trace to {@link #err()} when the user asked for it ({@code --stacktrace}). */
    void stackTrace(Throwable e) {
        if (stackTraces) {
            e.printStackTrace(err);
        }
    }

    /** The plugins folder in use: the one given with {@code --plugins}, or the distribution's. */
    Optional<Path> pluginsFolder() {
        return pluginsFolder;
    }

    /**
     * The installed plugins; each refused plugin is one line on {@link #err()}, the first time.
     *
     * @throws InputException when {@code --plugins DIR} is not a folder
     */
    PluginRegistry plugins() {
        if (plugins == null) {
            plugins = PluginRegistry.discover(ModuleLayer.boot(), existingPluginsFolder());
            for (PluginRefusal refusal : plugins.refused()) {
                err.println("kvmemu: " + refusal.line());
                refusal.cause().ifPresent(this::stackTrace);
            }
        }
        return plugins;
    }

    private Optional<Path> existingPluginsFolder() {
        if (pluginsFolderGiven && !Files.isDirectory(pluginsFolder.orElseThrow())) {
            throw new InputException("plugins folder " + pluginsFolder.get() + " does not exist");
        }
        return pluginsFolder.filter(Files::isDirectory);
    }
}
