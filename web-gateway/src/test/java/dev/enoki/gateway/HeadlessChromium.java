package dev.enoki.gateway;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Debian's headless chromium, driven over the Chrome DevTools protocol (a WebSocket, with the JDK's own client):
 * navigate, evaluate JavaScript in the page, take a screenshot. Runs with a fresh profile that is removed on close.
 */
final class HeadlessChromium implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();

    HeadlessChromium() throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: apt-get install -y chromium");
        }
        profile = Files.createTempDirectory("enoki-chromium-");
        ProcessBuilder command = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--remote-debugging-port=0",
                "--window-size=1200,900", "about:blank").redirectErrorStream(true);
        // Its temporary files go into the profile too, so nothing is left behind in /tmp.
        command.environment().put("TMPDIR", profile.toString());
        process = command.start();
        String browserUrl = awaitDevToolsUrl();
        URI browser = URI.create(browserUrl);
        HttpClient http = HttpClient.newHttpClient();
        String list = http.send(HttpRequest.newBuilder(URI.create("http://" + browser.getAuthority() + "/json/list")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String pageUrl = new JsonArray(list).stream().map(JsonObject.class::cast)
                .filter(t -> "page".equals(t.getString("type"))).findFirst().orElseThrow()
                .getString("webSocketDebuggerUrl");
        socket = http.newWebSocketBuilder().buildAsync(URI.create(pageUrl), new Listener()).join();
    }

    private String awaitDevToolsUrl() throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String line;
        while (System.nanoTime() < until && (line = out.readLine()) != null) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "chromium-output");
                drain.setDaemon(true);
                drain.start();
                return m.group(1);
            }
        }
        throw new IllegalStateException("chromium did not open its DevTools port");
    }

    JsonObject send(String method, JsonObject params) {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonObject> reply = new CompletableFuture<>();
        pending.put(id, reply);
        socket.sendText(new JsonObject().put("id", id).put("method", method).put("params", params).encode(), true).join();
        JsonObject answer = reply.orTimeout(30, TimeUnit.SECONDS).join();
        if (answer.containsKey("error")) {
            throw new IllegalStateException(method + " failed: " + answer.getJsonObject("error"));
        }
        return answer.getJsonObject("result", new JsonObject());
    }

    void navigate(String url) {
        send("Page.navigate", new JsonObject().put("url", url));
    }

    /** The value of a JavaScript expression evaluated in the page. */
    Object evaluate(String expression) {
        JsonObject result = send("Runtime.evaluate", new JsonObject().put("expression", expression)
                .put("returnByValue", true)).getJsonObject("result");
        return result.getValue("value");
    }

    void screenshot(Path file) throws IOException {
        String png = send("Page.captureScreenshot", new JsonObject().put("format", "png")).getString("data");
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(png));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        socket.abort();
        // The browser's helper processes (network service, zygote) write into the profile too: end them all first.
        List<ProcessHandle> all = Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList();
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(10, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                p.destroyForcibly();
            }
        }
        deleteProfile();
    }

    /** Removes the profile; a file that is already gone is not an error. */
    private void deleteProfile() throws IOException {
        Files.walkFileTree(profile, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder frame = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            frame.append(data);
            if (last) {
                JsonObject message = new JsonObject(frame.toString());
                frame.setLength(0);
                CompletableFuture<JsonObject> reply = message.containsKey("id") ? pending.remove(message.getInteger("id")) : null;
                if (reply != null) {
                    reply.complete(message);
                }
            }
            webSocket.request(1);
            return null;
        }
    }

}
