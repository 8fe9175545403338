package org.kvmemu.launcher;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** One {@code kvmemu} command: its name, its help and what it does. */
interface Command {

    /** The word that selects the command, e.g. {@code run}. */
    String name();

    /** What follows the command on the command line, e.g. {@code [OPTIONS] FILE}. */
    String arguments();

    /** One line for the list of commands. */
    String summary();

    /** A few lines shown by the command's own help, below the usage line. */
    String description();

    /** The command's options, none by default; {@code --help} is added by the launcher. */
    default Options options() {
        return new Options();
    }

    /** Refuses arguments for a command that takes none. */
    default void requireNoArguments(CommandLine line) {
        if (!line.getArgList().isEmpty()) {
            throw new InputException(name() + " takes no arguments (see kvmemu help " + name() + ")");
        }
    }

    /**
     * Runs the command.
     *
     * @return an {@link ExitCode}
     * @throws InputException for a usage or input error
     * @throws org.kvmemu.api.spi.PluginException when a plugin fails
     */
    int run(Context context, CommandLine line);
}
