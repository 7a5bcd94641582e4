package dev.enoki.launcher;

import dev.enoki.ConfigurationError;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code enoki} command, Nameko's CLI for Java: {@code run}, {@code call}, {@code shell}, {@code services},
 * {@code events}, {@code show-config}. Each failure the user can fix ends as one line on stderr and an exit code from
 * {@link ExitCodes}.
 */
@Command(name = "enoki", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Runs Enoki services and talks to them.")
public final class Main implements Runnable {
    /** The commands, in the order the usage lists them. */
    private static final List<Class<?>> COMMANDS = List.of(RunCommand.class, CallCommand.class, ShellCommand.class,
            ServicesCommand.class, EventsCommand.class, ShowConfigCommand.class);

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs one command line and returns its exit code, without exiting. */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new Main());
        // picocli builds every command it is given, by reflection, with its statics (show-config's YAML mapper, run's
        // Vert.x launcher): a command line that names one gets that one only; help, a typo and no command get all
        String asked = Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst().orElse("");
        List<Class<?>> commands = COMMANDS.stream().filter(c -> nameOf(c).equals(asked)).toList();
        (commands.isEmpty() ? COMMANDS : commands).forEach(cli::addSubcommand);
        cli.addSubcommand(new CommandLine.HelpCommand());
        cli.setParameterExceptionHandler(Main::usageError);
        cli.setExecutionExceptionHandler((e, command, parsed) -> failure(e, command.getErr()));
        return cli.execute(args);
    }

    private static String nameOf(Class<?> command) {
        return command.getAnnotation(Command.class).name();
    }

    /** A wrong command line: the one line that says what is wrong and where the usage is, not the usage itself. */
    private static int usageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("enoki: " + e.getMessage() + " (" + command.getCommandSpec().qualifiedName() + " --help for usage)");
        UnmatchedArgumentException.printSuggestions(e, err);
        err.flush();
        return ExitCodes.USAGE;
    }

    /**
     * A command that failed: one line, with the exit code of its kind. Only a failure nobody foresaw (exit code 1)
     * has a stack trace, and only with {@code ENOKI_LOG_STACK=full}, the switch that gives log lines whole traces.
     */
    static int failure(Exception e, PrintWriter err) {
        int code;
        if (e instanceof LauncherException known) {
            err.println("enoki: " + known.getMessage());
            code = known.exitCode();
        } else if (e instanceof ConfigurationError config) {
            err.println("enoki: " + config.getMessage());
            code = ExitCodes.CONFIG;
        } else {
            err.println("enoki: unexpected failure: " + e + (fullStacks() ? "" : " (ENOKI_LOG_STACK=full shows where)"));
            code = ExitCodes.SOFTWARE;
        }
        if (fullStacks()) {
            e.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    private static boolean fullStacks() {
        return "full".equalsIgnoreCase(System.getenv("ENOKI_LOG_STACK"));
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is needed: run, call, shell, services or show-config");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[]{"enoki " + (version == null ? "(development build)" : version)};
        }
    }
}
