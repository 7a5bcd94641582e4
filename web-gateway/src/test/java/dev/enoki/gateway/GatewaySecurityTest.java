package dev.enoki.gateway;

import dev.enoki.Blocking;
import dev.enoki.ConfigurationError;
import dev.enoki.Rpc;
import dev.enoki.Service;
import dev.enoki.ServiceContainer;
import dev.enoki.testing.HttpProbe;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The gateway's front line: HTTPS with a certificate made for the test (and no plain HTTP on that port), the auth
 * hook refusing every bad token and every non-public path, and a gadget-shaped body reaching the service as plain
 * JSON.
 */
class GatewaySecurityTest {
    private static final JsonObject CONFIG = new JsonObject().put("WEB_SERVER_ADDRESS", "127.0.0.1:0");
    private static final String KEY_STORE_PASSWORD = "gateway-store-pass";

    private static Vertx vertx;
    private static Path dir;
    private static HttpProbe guarded;
    private static int guardedPort;
    private static JWTAuth signer;

    @Service("type_probe")
    public static class TypeProbe {
        @Rpc
        public String typeOf(Object value) {
            return value == null ? "null" : value.getClass().getName();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        dir = Files.createTempDirectory("enoki-gateway-tls");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.pem",
                "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost");
        openssl("pkcs12", "-export", "-in", "server.pem", "-inkey", "server.key", "-out", "server.p12",
                "-passout", "pass:" + KEY_STORE_PASSWORD);
        Blocking.await(new ServiceContainer(GreetingService.class, CONFIG).start(vertx));
        Blocking.await(new ServiceContainer(TypeProbe.class, CONFIG).start(vertx));
        JsonObject jwt = hs256("the gateway's own signing secret, long enough");
        signer = JWTAuth.create(vertx, new JWTAuthOptions(jwt));
        guardedPort = startGateway(new GatewayOptions().setJwt(jwt)).port();
        guarded = HttpProbe.local(guardedPort);
    }

    @AfterAll
    static void stop() throws IOException {
        Blocking.await(vertx.close());
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    private static WebGateway startGateway(GatewayOptions options) {
        WebGateway gateway = new WebGateway(options.setHost("127.0.0.1").setPort(0), CONFIG);
        Blocking.await(gateway.start(vertx));
        return gateway;
    }

    @Test
    void theGatewayServesHttpsFromAPemPairOrAKeyStoreAndNoPlainHttpOnThatPort() throws Exception {
        WebGateway pem = startGateway(GatewayOptions.fromJson(new JsonObject().put("tls", new JsonObject()
                .put("certfile", file("server.pem")).put("keyfile", file("server.key")))));
        WebGateway keyStore = startGateway(new GatewayOptions().setTlsKeyStore(file("server.p12"), KEY_STORE_PASSWORD,
                "PKCS12"));
        HttpClient https = HttpClient.newBuilder().sslContext(trusting(file("server.pem")))
                .connectTimeout(Duration.ofSeconds(5)).build();

        for (WebGateway gateway : List.of(pem, keyStore)) {
            HttpResponse<String> hello = https.send(HttpRequest.newBuilder(
                            URI.create("https://127.0.0.1:" + gateway.port() + "/api/greeting_service/hello"))
                    .POST(HttpRequest.BodyPublishers.ofString("[\"tls\"]")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(hello.statusCode()).isEqualTo(200);
            assertThat(hello.body()).isEqualTo("\"Hello, tls!\"");
            assertThat(rawHttp(gateway.port(), "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")).doesNotContain("HTTP/1.");
        }
        Blocking.await(pem.stop());
        Blocking.await(keyStore.stop());
    }

    @Test
    void missingExpiredAndForgedTokensAreAllUnauthorized() {
        String path = "/api/greeting_service/hello";
        String good = signer.generateToken(new JsonObject().put("sub", "alice"), new JWTOptions().setExpiresInSeconds(60));
        assertThat(guarded.post(path, "[\"a\"]", "Authorization", "Bearer " + good).statusCode()).isEqualTo(200);

        String expired = signer.generateToken(new JsonObject().put("sub", "alice")
                .put("exp", System.currentTimeMillis() / 1000 - 60), new JWTOptions());
        String otherKey = JWTAuth.create(vertx, new JWTAuthOptions(hs256("somebody else's secret, also long enough")))
                .generateToken(new JsonObject().put("sub", "alice"), new JWTOptions());
        String unsigned = base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + base64Url("{\"sub\":\"alice\"}") + ".";
        String[] parts = good.split("\\.");
        String tampered = parts[0] + "." + base64Url("{\"sub\":\"admin\"}") + "." + parts[2];

        assertThat(guarded.post(path, "[\"a\"]").statusCode()).isEqualTo(401);
        assertThat(guarded.post(path, "[\"a\"]", "Authorization", "Basic YWxpY2U6c2VjcmV0").statusCode()).isEqualTo(401);
        for (String bad : List.of(expired, otherKey, unsigned, tampered, "not.a.jwt", "")) {
            HttpResponse<String> refused = guarded.post(path, "[\"a\"]", "Authorization", "Bearer " + bad);
            assertThat(refused.statusCode()).as(bad).isEqualTo(401);
            assertThat(new JsonObject(refused.body()).getString("exc_type")).isEqualTo("Unauthorized");
        }
    }

    @Test
    void everyPathNotListedAsPublicNeedsAToken() throws IOException {
        assertThat(guarded.get("/health/live").statusCode()).isEqualTo(200);
        assertThat(guarded.get("/api/services").statusCode()).isEqualTo(401);
        assertThat(guarded.get("/no/such/route").statusCode()).isEqualTo(401);
        assertThat(guarded.send("OPTIONS", "/api/greeting_service/hello", (String) null).statusCode()).isEqualTo(401);
        for (String sneaky : List.of("/console/../api/greeting_service/hello", "/health/%2e%2e/api/greeting_service/hello")) {
            String reply = rawHttp(guardedPort, "POST " + sneaky + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 5\r\nConnection: close\r\n\r\n[\"a\"]");
            assertThat(reply).as(sneaky).startsWith("HTTP/1.1 401");
        }
    }

    @Test
    void aJwtSettingWithoutKeysIsRefusedRatherThanTakingUnsignedTokens() {
        Throwable failure = catchThrowable(() -> startGateway(new GatewayOptions().setJwt(new JsonObject())));
        assertThat(failure).isInstanceOf(ConfigurationError.class).hasMessageContaining("no keys");
    }

    @Test
    void aGadgetShapedBodyReachesTheServiceAsPlainJson() {
        HttpProbe open = HttpProbe.local(startGateway(new GatewayOptions()).port());
        String gadget = "{\"@class\": \"java.lang.ProcessBuilder\", \"command\": [\"touch\", \"/tmp/owned\"]}";
        String wrapped = "[\"java.lang.ProcessBuilder\", {\"command\": [\"touch\", \"/tmp/owned\"]}]";

        HttpResponse<String> typed = open.post("/api/type_probe/typeOf", "[" + gadget + "]");
        HttpResponse<String> array = open.post("/api/type_probe/typeOf", "{\"value\": " + wrapped + "}");
        assertThat(typed.body()).isEqualTo("\"java.util.LinkedHashMap\"");
        assertThat(array.body()).isEqualTo("\"java.util.ArrayList\"");
    }

    private static JsonObject hs256(String secret) {
        return new JsonObject().put("pubSecKeys", new JsonArray().add(new JsonObject().put("algorithm", "HS256")
                .put("buffer", Base64.getUrlEncoder().withoutPadding().encodeToString(secret.getBytes(StandardCharsets.UTF_8)))));
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** What a raw socket gets back for {@code request}, sent byte for byte (no client normalizes the path). */
    private static String rawHttp(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            byte[] head = new byte[64];
            int read = readSome(socket.getInputStream(), head);
            return read <= 0 ? "" : new String(head, 0, read, StandardCharsets.ISO_8859_1);
        }
    }

    private static int readSome(InputStream in, byte[] into) {
        try {
            return in.read(into);
        } catch (IOException closed) {
            return -1;
        }
    }

    private static SSLContext trusting(String certificate) throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(Path.of(certificate))) {
            trusted.setCertificateEntry("gateway", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static String file(String name) {
        return dir.resolve(name).toString();
    }

    private static void openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0).as(out).isTrue();
    }
}
