package dev.enoki.launcher;

import dev.enoki.testsupport.FreePorts;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code run --gateway}: the node's services answer over real HTTP. */
class GatewayOptionIT {
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> post(int port, String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theGatewayAnswersRpcOverHttp() throws Exception {
        int port = FreePorts.next();
        try (LauncherProcess node = LauncherProcess.start("run", "--gateway", "127.0.0.1:" + port, "--classpath",
                LauncherProcess.classpath(), "dev.enoki.demo.helloworld")) {
            node.awaitOutput(line -> line.startsWith("enoki: ready"));
            assertThat(node.stdoutText()).contains("enoki: gateway on http://127.0.0.1:" + port + "/");

            HttpResponse<String> hello = post(port, "/api/greeting_service/hello", "[\"Matt\"]");
            assertThat(hello.statusCode()).isEqualTo(200);
            assertThat(hello.body()).isEqualTo("\"Hello, Matt!\"");

            HttpResponse<String> missing = post(port, "/api/greeting_service/goodbye", "[]");
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.body()).contains("MethodNotFound");
        }
    }

    @Test
    void aGatewayPortInUseStopsTheNodeWithAClearMessage() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            LauncherProcess node = LauncherProcess.run("run", "--gateway", "127.0.0.1:" + taken.getLocalPort(),
                    "--classpath", LauncherProcess.classpath(), "dev.enoki.demo.helloworld");
            assertThat(node.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
            assertThat(node.stderrText()).contains("the gateway did not start on 127.0.0.1:" + taken.getLocalPort());
            LauncherRefusalsIT.assertOneLine(node, ExitCodes.UNAVAILABLE, "enoki: the gateway did not start on 127.0.0.1:"
                    + taken.getLocalPort() + ": the address is already in use (another process listens there): "
                    + "choose another with --gateway [HOST:]PORT");
        }
    }
}
