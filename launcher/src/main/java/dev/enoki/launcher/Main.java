package dev.enoki.launcher;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code enoki} command, Nameko's CLI for Java: {@code run}, {@code call}, {@code shell}, {@code services},
 * {@code show-config}. Each failure the user can fix ends as one line on stderr and an exit code from
 * {@link ExitCodes}.
 */
@Command(name = "enoki", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Runs Enoki services and talks to them.",
        subcommands = {RunCommand.class, CallCommand.class, ShellCommand.class, ServicesCommand.class,
                ShowConfigCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs one command line and returns its exit code, without exiting. */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            if (e instanceof LauncherException failure) {
                command.getErr().println("enoki: " + failure.getMessage());
                command.getErr().flush();
                return failure.exitCode();
            }
            command.getErr().println("enoki: unexpected failure: " + e);
            e.printStackTrace(command.getErr());
            return ExitCodes.SOFTWARE;
        });
        return cli.execute(args);
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
