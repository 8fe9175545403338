package org.kvmemu.launcher;

import java.io.PrintWriter;
import java.lang.module.ResolvedModule;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.Set;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.MissingArgumentException;
import org.apache.commons.cli.MissingOptionException;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.apache.commons.cli.UnrecognizedOptionException;
import org.kvmemu.api.spi.PluginException;
import org.kvmemu.api.spi.SpiVersion;

/**
 * The command line: global options, a command from {@link #COMMANDS}, the command's options and
 * arguments ({@code --plugins} and {@code --stacktrace} may be written anywhere, see
 * {@link OptionPlacement}). Every failure becomes one line on the error stream and an
 * {@link ExitCode}; stack traces only with {@code --stacktrace}.
 */
public final class Launcher {

    private static final Map<String, Command> COMMANDS = commands(
            new ListCommand(), new RunCommand(), new CheckCommand(), new CompareCommand(), new DemoCommand(),
            new ExamplesCommand(), new EventsCommand(), new ConformCommand());

    /** The environment variable that names the default plugins folder. */
    static final String PLUGINS_VARIABLE = "KVMEMU_PLUGINS";
    /** The system property {@code ./kvmemu} sets to the project's folder, whose {@code plugins/} is the default. */
    static final String HOME_PROPERTY = "kvmemu.home";

    private final Optional<Path> defaultPluginsFolder;

    /** A launcher whose plugins folder, unless {@code --plugins} names one, is {@code defaultPluginsFolder}. */
    Launcher(Optional<Path> defaultPluginsFolder) {
        this.defaultPluginsFolder = defaultPluginsFolder;
    }

    /**
     * Runs kvmemu as {@code kvmemu args...} would. Without {@code --plugins}, the plugins folder
     * is {@code $KVMEMU_PLUGINS}; else {@code plugins/} in the project {@code ./kvmemu} runs from;
     * else {@code plugins/} next to the {@code lib/} folder the launcher jar is in.
     *
     * @return an {@link ExitCode}
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return new Launcher(defaultPluginsFolder(System.getenv(PLUGINS_VARIABLE), System.getProperty(HOME_PROPERTY)))
                .execute(out, err, args);
    }

    /**
     * The default plugins folder for {@code $KVMEMU_PLUGINS} and {@code kvmemu.home} (either may be
     * null or blank; one that is not a path counts as not set).
     */
    static Optional<Path> defaultPluginsFolder(String variable, String home) {
        return path(variable).or(() -> path(home).map(dir -> dir.resolve("plugins")))
                .or(Launcher::distributionPluginsFolder);
    }

    private static Optional<Path> path(String text) {
        try {
            return text == null || text.isBlank() ? Optional.empty() : Optional.of(Path.of(text));
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    /** Like {@link #run}, with this launcher's default plugins folder. */
    int execute(PrintWriter out, PrintWriter err, String... args) {
        try {
            CommandLine global = parseGlobal(OptionPlacement.globalsFirst(args));
            Context context = new Context(out, err, global.hasOption("stacktrace"), pluginsFolder(global),
                    global.hasOption("plugins"));
            int exit = dispatch(context, global);
            if (out.checkError()) {
                err.println("kvmemu: cannot write standard output (the write failed: a full disk or a closed pipe)");
                return ExitCode.INTERNAL_FAILURE;
            }
            return exit;
        } catch (InputException e) {
            err.println("kvmemu: " + e.getMessage());
            return ExitCode.USAGE_ERROR;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int dispatch(Context context, CommandLine global) {
        try {
            return select(context, global);
        } catch (InputException e) {
            context.err().println("kvmemu: " + e.getMessage());
            context.stackTrace(e);
            return ExitCode.USAGE_ERROR;
        } catch (PluginException | OutputException e) {
            context.err().println("kvmemu: " + e.getMessage());
            context.stackTrace(e);
            return ExitCode.INTERNAL_FAILURE;
        } catch (RuntimeException | LinkageError | ServiceConfigurationError e) {
            context.err().println("kvmemu: internal error: " + Messages.describe(e));
            context.stackTrace(e);
            return ExitCode.INTERNAL_FAILURE;
        } catch (StackOverflowError e) {
            context.err().println("kvmemu: stack overflow" + Messages.overflowingModule(e).map(m -> " in module " + m)
                    .orElse("") + ": a call that recurses without end (--stacktrace shows where)");
            context.stackTrace(e);
            return ExitCode.INTERNAL_FAILURE;
        } catch (VirtualMachineError e) {
            context.err().println("kvmemu: the JVM ran out of resources: " + e
                    + " (a smaller run, or a larger -Xmx in JAVA_TOOL_OPTIONS)");
            context.stackTrace(e);
            return ExitCode.INTERNAL_FAILURE;
        }
    }

    private int select(Context context, CommandLine global) {
        PrintWriter out = context.out();
        List<String> rest = global.getArgList();
        if (global.hasOption("version")) {
            out.println(version());
            return ExitCode.OK;
        }
        if (global.hasOption("help")) {
            return help(context, rest);
        }
        if (rest.isEmpty()) {
            Help.general(context.err(), COMMANDS.values(), globalOptions());
            return ExitCode.USAGE_ERROR;
        }
        String name = rest.get(0);
        if (name.startsWith("-")) {
            throw new InputException(OptionPlacement.beforeTheCommand(name, COMMANDS.values()));
        }
        List<String> arguments = rest.subList(1, rest.size());
        if (name.equals("help")) {
            return help(context, arguments);
        }
        Command command = COMMANDS.get(name);
        if (command == null) {
            return unknownCommand(context.err(), name);
        }
        Options options = withHelp(command.options());
        CommandLine line = parseCommand(command, options, arguments.toArray(String[]::new));
        if (line.hasOption("help")) {
            Help.command(out, command, options);
            return ExitCode.OK;
        }
        return command.run(context, line);
    }

    private static int help(Context context, List<String> topics) {
        if (topics.equals(List.of("help"))) {
            Help.help(context.out());
            return ExitCode.OK;
        }
        if (topics.isEmpty()) {
            Help.general(context.out(), COMMANDS.values(), globalOptions());
            return ExitCode.OK;
        }
        if (topics.size() > 1) {
            throw new InputException("help takes one command, not " + String.join(" ", topics));
        }
        Command command = COMMANDS.get(topics.get(0));
        if (command == null) {
            return unknownCommand(context.err(), topics.get(0));
        }
        Help.command(context.out(), command, withHelp(command.options()));
        return ExitCode.OK;
    }

    private static int unknownCommand(PrintWriter err, String name) {
        err.println("kvmemu: unknown command '" + name + "' (commands: " + String.join(", ", COMMANDS.keySet())
                + ", help; see kvmemu --help)");
        return ExitCode.USAGE_ERROR;
    }

    private static CommandLine parseGlobal(String[] args) {
        CommandLine line;
        try {
            line = DefaultParser.builder().setAllowPartialMatching(false).get().parse(globalOptions(), args, true);
        } catch (ParseException e) {
            throw new InputException(describe(e, globalOptions()) + " (see kvmemu --help)", e);
        }
        return refuseRepeated(line, "kvmemu --help");
    }

    private static CommandLine parseCommand(Command command, Options options, String[] args) {
        CommandLine line;
        try {
            line = DefaultParser.builder().setAllowPartialMatching(false).get().parse(options, args, false);
        } catch (UnrecognizedOptionException e) {
            throw new InputException(OptionPlacement.afterTheCommand(e.getOption(), command, globalOptions(),
                    COMMANDS.values()), e);
        } catch (ParseException e) {
            throw new InputException(describe(e, options) + " (see kvmemu help " + command.name() + ")", e);
        }
        return refuseRepeated(line, "kvmemu help " + command.name());
    }

    /** Commons CLI's message, with options spelled as they are typed ({@code --trace}, not {@code trace}). */
    private static String describe(ParseException e, Options options) {
        if (e instanceof MissingArgumentException missing) {
            Option option = missing.getOption();
            return spelling(option) + " needs a value" + (option.getArgName() == null ? "" : " " + option.getArgName());
        }
        if (e instanceof MissingOptionException missing) {
            List<String> names = new ArrayList<>();
            for (Object required : missing.getMissingOptions()) {
                Option option = options.getOption(String.valueOf(required));
                String value = option != null && option.hasArg() && option.getArgName() != null
                        ? " " + option.getArgName() : "";
                names.add(option == null ? String.valueOf(required) : spelling(option) + value);
            }
            return "missing " + String.join(", ", names);
        }
        return e.getMessage();
    }

    private static String spelling(Option option) {
        return option.getLongOpt() != null ? "--" + option.getLongOpt() : "-" + option.getOpt();
    }

    /** An option given twice is refused: Commons CLI would silently keep one of the values. */
    private static CommandLine refuseRepeated(CommandLine line, String seeAlso) {
        Set<String> seen = new HashSet<>();
        for (Option option : line.getOptions()) {
            String name = option.getLongOpt() != null ? "--" + option.getLongOpt() : "-" + option.getOpt();
            if (!seen.add(name)) {
                throw new InputException(name + " is given twice (see " + seeAlso + ")");
            }
        }
        return line;
    }

    private Optional<Path> pluginsFolder(CommandLine global) {
        String given = global.getOptionValue("plugins");
        if (given == null) {
            return defaultPluginsFolder;
        }
        try {
            return Optional.of(Path.of(given));
        } catch (InvalidPathException e) {
            throw new InputException("bad plugins folder '" + given + "': " + e.getReason(), e);
        }
    }

    private static Options globalOptions() {
        return new Options()
                .addOption(Option.builder("h").longOpt("help").desc("show this help, or a command's").get())
                .addOption(Option.builder("V").longOpt("version").desc("show kvmemu's version and exit").get())
                .addOption(Option.builder().longOpt("plugins").hasArg().argName("DIR")
                        .desc("load third-party plugin jars from DIR (default: $" + PLUGINS_VARIABLE
                                + ", else plugins/ in the kvmemu project)").get())
                .addOption(Option.builder().longOpt("stacktrace")
                        .desc("print the stack trace of an error, for bug reports").get());
    }

    private static Options withHelp(Options options) {
        return options.addOption(Option.builder("h").longOpt("help").desc("show this command's help").get());
    }

    private static String version() {
        Module self = Launcher.class.getModule();
        String version = self.isNamed() ? self.getDescriptor().rawVersion().orElse("unversioned") : "unversioned";
        return "kvmemu " + version + " (plugin SPI " + SpiVersion.CURRENT + ", Java " + Runtime.version() + ")";
    }

    /** {@code plugins/} next to the {@code lib/} folder the launcher jar is in; none when not run from a jar. */
    private static Optional<Path> distributionPluginsFolder() {
        Module self = Launcher.class.getModule();
        return Optional.ofNullable(self.getLayer())
                .flatMap(layer -> layer.configuration().findModule(self.getName()))
                .map(ResolvedModule::reference)
                .flatMap(reference -> reference.location())
                .filter(uri -> "file".equals(uri.getScheme()))
                .map(uri -> Path.of(uri))
                .filter(Files::isRegularFile)
                .map(jar -> jar.toAbsolutePath().getParent().resolveSibling("plugins"));
    }

    private static Map<String, Command> commands(Command... commands) {
        Map<String, Command> byName = new LinkedHashMap<>();
        for (Command command : commands) {
            byName.put(command.name(), command);
        }
        return byName;
    }
}
