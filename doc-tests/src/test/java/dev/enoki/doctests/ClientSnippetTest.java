package dev.enoki.doctests;

import dev.enoki.doctests.snippets.ClientExample;
import dev.enoki.testsupport.ChildJvm;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's client snippet, run as a program of its own: the client reaches the runner's services on the default
 * transport (it shares the runner's Vert.x, hence its embedded event bus), and once both are closed the JVM ends by
 * itself, which a leftover Vert.x would prevent.
 */
class ClientSnippetTest {
    @Test
    void theClientSnippetGetsItsOrderAndTheJvmEnds() {
        try (ChildJvm program = ChildJvm.java("client snippet")
                .args("-cp", System.getProperty("java.class.path"), ClientExample.class.getName()).start()) {
            program.awaitLine("the order", l -> l.startsWith("ordered [Item[sku=enoki-mug, quantity=2]]"),
                    Duration.ofSeconds(60));
            assertThat(program.awaitExit(Duration.ofSeconds(30))).as("exit code; stderr " + program.stderr())
                    .isZero();
        }
    }
}
