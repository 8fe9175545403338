package org.kvmemu.launcher;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.apache.commons.cli.Options;

/**
 * Where an option belongs on the command line. The global options that take effect wherever they
 * are written ({@code --plugins DIR}, {@code --stacktrace}) are moved before the command, so that
 * {@code kvmemu run FILE --stacktrace} works; an option written on the wrong side of the command
 * gets a message that says which side it belongs to.
 */
final class OptionPlacement {

    /** Global options that may be written anywhere, and whether each takes a value. */
    private static final Set<String> ANYWHERE_FLAGS = Set.of("--stacktrace");
    private static final Set<String> ANYWHERE_WITH_VALUE = Set.of("--plugins");
    /** Everything after it is an argument, not an option. */
    private static final String END_OF_OPTIONS = "--";

    private OptionPlacement() {
    }

    /** {@code args} with the global options that may be written anywhere moved to the front, in order. */
    static String[] globalsFirst(String[] args) {
        List<String> globals = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        boolean ended = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            ended |= arg.equals(END_OF_OPTIONS);
            if (!ended && ANYWHERE_FLAGS.contains(arg)) {
                globals.add(arg);
            } else if (!ended && ANYWHERE_WITH_VALUE.contains(arg) && i + 1 < args.length) {
                globals.add(arg);
                globals.add(args[++i]);
            } else if (!ended && ANYWHERE_WITH_VALUE.contains(name(arg)) && arg.contains("=")) {
                globals.add(arg);
            } else {
                rest.add(arg);
            }
        }
        globals.addAll(rest);
        return globals.toArray(String[]::new);
    }

    /** Why {@code option}, written before the command, is not accepted there. */
    static String beforeTheCommand(String option, Collection<Command> commands) {
        List<String> owners = owners(option, commands);
        if (owners.isEmpty()) {
            return "Unrecognized option: " + option + " (global options: --plugins DIR, --stacktrace, --help,"
                    + " --version; see kvmemu --help)";
        }
        return "Unrecognized option: " + option + " before the command: it is an option of "
                + String.join(", ", owners) + ", so it goes after the command (kvmemu " + owners.get(0) + " ... "
                + name(option) + ")";
    }

    /** Why {@code option}, written after {@code command}, is not accepted there. */
    static String afterTheCommand(String option, Command command, Options global, Collection<Command> commands) {
        String name = name(option);
        if (global.hasOption(name)) {
            return "Unrecognized option: " + option + " after the command: it is a global option, so it goes before"
                    + " the command (kvmemu " + name + " ...)";
        }
        List<String> owners = owners(option, commands);
        return "Unrecognized option: " + option + " (see kvmemu help " + command.name()
                + (owners.isEmpty() ? "" : "; it is an option of " + String.join(", ", owners)) + ")";
    }

    private static List<String> owners(String option, Collection<Command> commands) {
        String name = name(option);
        return commands.stream().filter(c -> c.options().hasOption(name)).map(Command::name).toList();
    }

    /** {@code --trace=x} is {@code --trace}. */
    private static String name(String option) {
        int equals = option.indexOf('=');
        return equals < 0 ? option : option.substring(0, equals);
    }
}
