package org.kvmemu.launcher;

import java.io.PrintWriter;
import java.util.Collection;
import java.util.List;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** Prints {@code kvmemu --help} and each command's help. */
final class Help {

    private Help() {
    }

    /** The overview: usage, commands, global options, exit codes. */
    static void general(PrintWriter w, Collection<Command> commands, Options global) {
        w.println("Usage: kvmemu [GLOBAL OPTIONS] COMMAND [OPTIONS] [ARGUMENTS]");
        w.println();
        w.println("Runs scenarios on an executable model of how Linux KVM virtualizes x86 interrupts,");
        w.println("for VMX guests and TDX trust domains. New here? Try: kvmemu demo");
        w.println();
        w.println("Commands:");
        int width = commands.stream().mapToInt(c -> c.name().length()).max().orElse(0) + 2;
        for (Command command : commands) {
            w.println("  " + pad(command.name(), width) + command.summary());
        }
        w.println("  " + pad("help", width) + "Show the help of a command: kvmemu help COMMAND");
        w.println();
        w.println("Global options (--plugins and --stacktrace may also come after the command):");
        options(w, global);
        w.println();
        w.println("Exit codes: " + ExitCode.OK + " ok, " + ExitCode.EXPECTATION_FAILED + " an expectation failed, "
                + ExitCode.USAGE_ERROR + " usage or input error, " + ExitCode.INTERNAL_FAILURE
                + " plugin or internal failure.");
    }

    /** The help of {@code help} itself. */
    static void help(PrintWriter w) {
        w.println("Usage: kvmemu help [COMMAND]");
        w.println();
        w.println("Shows the overview of kvmemu's commands, or the usage, description and options of COMMAND");
        w.println("(the same as kvmemu COMMAND --help).");
    }

    /** One command's help: usage, description, options. */
    static void command(PrintWriter w, Command command, Options options) {
        w.println("Usage: kvmemu [GLOBAL OPTIONS] " + command.name() + " " + command.arguments());
        w.println();
        w.println(command.description());
        w.println();
        w.println("Options:");
        options(w, options);
    }

    private static void options(PrintWriter w, Options options) {
        List<String> left = options.getOptions().stream().map(Help::synopsis).toList();
        int width = left.stream().mapToInt(String::length).max().orElse(0) + 2;
        int i = 0;
        for (Option option : options.getOptions()) {
            w.println("  " + pad(left.get(i++), width) + option.getDescription());
        }
    }

    private static String synopsis(Option option) {
        String shortName = option.getOpt() != null && !option.getOpt().equals(option.getLongOpt())
                ? "-" + option.getOpt() + ", " : "    ";
        String argument = option.hasArg() ? " " + option.getArgName() : "";
        return shortName + "--" + option.getLongOpt() + argument;
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(1, width - text.length()));
    }
}
