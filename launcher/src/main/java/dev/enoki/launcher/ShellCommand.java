package dev.enoki.launcher;

import dev.enoki.EnokiClient;
import dev.enoki.ServiceRunner;
import dev.enoki.registry.RegistryFactory;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/**
 * {@code enoki shell}: Nameko's shell. On a terminal it is a JLine console with history and completion; with piped
 * stdin it reads one statement a line, prints each outcome, and exits non-zero if any statement failed.
 */
@Command(name = "shell", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"An interactive console: n.rpc.SERVICE.METHOD(...) calls, n.dispatch_event(...), services.",
                "CLASS arguments start those services in this process first, so they can be tried without a broker.",
                "Reads statements from stdin, one per line, when stdin is not a terminal."})
final class ShellCommand implements Callable<Integer> {
    private static final String PROMPT = "enoki> ";

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    ServiceArguments services;

    @Override
    public Integer call() throws Exception {
        try (LocalNode node = LocalNode.open(connection, services);
             EnokiClient client = ServiceArguments.connect(node.vertx, node.config)) {
            ShellSession session = new ShellSession(client, RegistryFactory.forVertx(node.vertx, node.config),
                    node.config);
            return System.console() != null
                    ? interactive(session, connection.describeReach(node.config, node.vertx), node.runner())
                    : piped(session);
        }
    }

    private int piped(ShellSession session) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        int exitCode = ExitCodes.OK;
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            ShellSession.Outcome outcome = session.execute(line);
            if (!outcome.text().isEmpty()) {
                out.println(outcome.text());
                out.flush();
            }
            if (outcome.failed() && exitCode == ExitCodes.OK) {
                exitCode = outcome.exitCode();
            }
            if (outcome.exit()) {
                break;
            }
        }
        return exitCode;
    }

    private int interactive(ShellSession session, String reach, ServiceRunner runner) throws IOException {
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("enoki")
                    .completer(new ShellCompleter(session))
                    .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                    .build();
            // Outside readLine (which has its own), Ctrl-C stops waiting for the running call, not the shell
            terminal.handle(Terminal.Signal.INT, signal -> session.cancelRunningCall());
            PrintWriter out = terminal.writer();
            out.println("Enoki shell on " + reach
                    + (runner == null ? "" : ", hosting " + runner.serviceNames()) + ". Type help.");
            while (true) {
                String line;
                try {
                    line = reader.readLine(PROMPT);
                } catch (UserInterruptException e) {
                    continue;   // at the prompt, as in Python's console: the line is dropped, Ctrl-D or exit leaves
                } catch (EndOfFileException e) {
                    return ExitCodes.OK;
                }
                ShellSession.Outcome outcome = session.execute(line);
                if (!outcome.text().isEmpty()) {
                    out.println(outcome.text());
                }
                if (outcome.exit()) {
                    return ExitCodes.OK;
                }
                out.flush();
            }
        }
    }
}
