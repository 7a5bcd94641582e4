package dev.enoki.launcher;

import dev.enoki.testsupport.RabbitVhost;
import org.junit.jupiter.api.Test;

import static dev.enoki.launcher.TerminalProcess.CTRL_C;
import static dev.enoki.launcher.TerminalProcess.CTRL_D;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code shell} on a real terminal: Ctrl-C during a call and at the prompt, and Tab after {@code n.rpc.SERVICE.},
 * for the shell's own services and for those another process runs on RabbitMQ.
 */
class ShellTerminalIT {
    private static final String PROMPT = "enoki> ";

    @Test
    void ctrlCCancelsTheRunningCallOnlyAndTabCompletesTheMethodsOfAService() {
        try (TerminalProcess shell = TerminalProcess.start("shell", "--classpath", LauncherProcess.fixtureClasses(),
                "dev.enoki.launcher.fixtures.SleepyService")) {
            int at = shell.await(PROMPT, shell.await("Type help.", 0));

            // Ctrl-C while a call runs: that call is given up, the shell stays
            shell.type("n.rpc.sleepy.sleep(8000)\r");
            at = shell.await("sleeping 8000 ms", at);
            shell.type(CTRL_C);
            at = shell.await("call cancelled", at);
            at = shell.await(PROMPT, at);

            // Tab after n.rpc.SERVICE. writes the method out; the call typed that way runs
            shell.type("n.rpc.sleepy.\t");
            at = shell.await("sleep(", at);
            shell.type("1)\r");
            at = shell.await(PROMPT, shell.await("\"woke after 1 ms\"", at));

            // Ctrl-C at the prompt drops what was typed and gives a new prompt, as Python's console does
            shell.type("n.rpc.sl");
            at = shell.await("n.rpc.sl", at);
            shell.type(CTRL_C);
            at = shell.await(PROMPT, at);
            shell.type("n.rpc.sleepy.sleep(2)\r");
            at = shell.await("\"woke after 2 ms\"", at);

            shell.await(PROMPT, at);
            shell.type(CTRL_D);
            assertThat(shell.exitCode()).as(shell.output()).isEqualTo(ExitCodes.OK);
            assertThat(shell.output()).doesNotContain("Exception");
        }
    }

    @Test
    void tabCompletesTheServicesAndMethodsAnotherProcessRunsOnRabbitMq() {
        try (RabbitVhost vhost = RabbitVhost.create("enoki-shell-");
             LauncherProcess node = LauncherProcess.start("run", "--broker", vhost.uri(), "--classpath",
                     LauncherProcess.classpath(), "dev.enoki.demo.helloworld");
             TerminalProcess shell = TerminalProcess.start("shell", "--broker", vhost.uri())) {
            node.awaitOutput(line -> line.startsWith("enoki: ready"));
            int at = shell.await(PROMPT, shell.await("Type help.", 0));

            // one Tab writes out the service and its only method, both known from the registry on the broker;
            // the call runs only if what it wrote is right
            shell.type("n.rpc.greet\t");
            at = shell.await("hello(", at);
            shell.type("\"Ann\")\r");
            at = shell.await("\"Hello, Ann!\"", at);

            shell.await(PROMPT, at);
            shell.type(CTRL_D);
            assertThat(shell.exitCode()).as(shell.output()).isEqualTo(ExitCodes.OK);
        }
    }
}
