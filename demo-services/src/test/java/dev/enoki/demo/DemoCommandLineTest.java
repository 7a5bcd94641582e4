package dev.enoki.demo;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo's command line: --help, and each mistake in one line with its exit code, before or instead of serving. */
class DemoCommandLineTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) throws Exception {
        out.reset();
        err.reset();
        return Demo.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private List<String> errLines() {
        return err.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void helpPrintsTheUsageAndStartsNothing() throws Exception {
        assertThat(run("--help")).isEqualTo(Demo.OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: java -jar enoki-demo.jar").contains("--port N");
        assertThat(errLines()).isEmpty();
    }

    @Test
    void aWrongCommandLineIsOneLineAndExitCodeTwo() throws Exception {
        assertThat(run("--port", "eighty")).isEqualTo(Demo.USAGE);
        assertThat(errLines()).containsExactly("enoki-demo: 'eighty' is not a port (0 to 65535) (--help for usage)");
        assertThat(run("--bogus")).isEqualTo(Demo.USAGE);
        assertThat(errLines()).containsExactly("enoki-demo: unknown option '--bogus' (--help for usage)");
    }

    @Test
    void aTakenPortIsOneLineNamingItAndTheOptionThatMovesIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThat(run("--port", String.valueOf(port))).isEqualTo(Demo.PORT_IN_USE);
            assertThat(errLines()).containsExactly("enoki-demo: port " + port + " on 127.0.0.1 is already in use "
                    + "(another process listens there): pass --port N or set ENOKI_DEMO_PORT to another one");
            assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("started");
        }
    }
}
