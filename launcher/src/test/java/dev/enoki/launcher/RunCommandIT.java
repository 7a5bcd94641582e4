package dev.enoki.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code enoki run} as users start it: the packaged jar, a real process, real signals. */
class RunCommandIT {

    @Test
    void runStartsEveryServiceOfAPackageSaysWhatStartedAndStopsOnSigterm() {
        try (LauncherProcess node = LauncherProcess.start("run", "--classpath", LauncherProcess.classpath(),
                "dev.enoki.demo.shop", "dev.enoki.demo.helloworld:GreetingService")) {
            node.awaitOutput(line -> line.startsWith("enoki: ready"));
            assertThat(node.stdoutText())
                    .containsPattern("enoki: node [0-9a-f-]{36} on eventbus \\(embedded, reaches this process only\\)")
                    .contains("enoki: started orders  rpc: createOrder(customer, items) getOrder(id)")
                    .contains("enoki: started emails  rpc: sent()  events: orders.order_created payments.payment_received")
                    .contains("enoki: started inventory  rpc: levels() reserve(sku, quantity) sales()  events: orders.order_created  timers: restock every 5s")
                    .contains("enoki: started payments", "enoki: started greeting_service  rpc: hello(name)");

            node.terminate();

            assertThat(node.exitCode()).isEqualTo(ExitCodes.OK);
            assertThat(node.stdoutText()).contains("enoki: stopping", "enoki: stopped");
        }
    }

    @Test
    void sigtermLetsTheRunningWorkerFinishBeforeTheProcessExits() {
        try (LauncherProcess node = LauncherProcess.start("run", "--classpath", LauncherProcess.fixtureClasses(),
                "dev.enoki.launcher.fixtures.SlowService")) {
            node.awaitOutput(line -> line.startsWith("enoki: ready"));
            node.awaitOutput(line -> line.equals("slow job started"));

            node.terminate();

            assertThat(node.exitCode()).isEqualTo(ExitCodes.OK);
            assertThat(node.lineStartingWith("enoki: stopping")).isPositive()
                    .isLessThan(node.lineStartingWith("slow job finished"));
            assertThat(node.lineStartingWith("slow job finished")).isLessThan(node.lineStartingWith("enoki: stopped"));
        }
    }

    @Test
    void aWorkerStillRunningWhenTheShutdownTimeoutPassesIsKilledAndTheNodeExits(@TempDir Path dir) throws IOException {
        Path config = Files.writeString(dir.resolve("slow.yaml"), "slow_millis: 600000\nshutdown_timeout: 1s\n");
        try (LauncherProcess node = LauncherProcess.start("run", "--config", config.toString(),
                "--classpath", LauncherProcess.fixtureClasses(), "dev.enoki.launcher.fixtures.SlowService")) {
            node.awaitOutput(line -> line.startsWith("enoki: ready"));
            node.awaitOutput(line -> line.equals("slow job started"));

            node.terminate();

            assertThat(node.exitCode()).isEqualTo(ExitCodes.OK);
            assertThat(node.stdoutText()).contains("enoki: stopping: running calls have up to 1s to finish",
                    "enoki: stopped").doesNotContain("slow job finished", "killed by a second signal");
        }
    }

    @Test
    void aSecondSignalKillsWithoutWaitingForTheRunningWorker(@TempDir Path dir) throws IOException {
        Path config = Files.writeString(dir.resolve("slow.yaml"), "slow_millis: 600000\n");
        try (LauncherProcess node = LauncherProcess.start("run", "--config", config.toString(),
                "--classpath", LauncherProcess.fixtureClasses(), "dev.enoki.launcher.fixtures.SlowService")) {
            node.awaitOutput(line -> line.startsWith("enoki: ready"));
            node.awaitOutput(line -> line.equals("slow job started"));

            node.terminate();
            node.awaitOutput(line -> line.startsWith("enoki: stopping"));
            node.terminate();

            assertThat(node.exitCode()).isEqualTo(ExitCodes.KILLED);
            assertThat(node.stdoutText()).contains("enoki: killed by a second signal").doesNotContain("slow job finished");
        }
    }
}
