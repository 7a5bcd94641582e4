package dev.enoki.internal.amqp;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * RabbitMQ's management HTTP API ({@code amqp_management_url}), asked which services run that announce nothing:
 * the consumers of {@code rpc-<service>} queues, less those on the AMQP transport's own connections, which it names
 * {@code enoki-amqp-...}. Blocking JDK HTTP client calls: run them off the event loop.
 */
final class ManagementApi {
    /** How the AMQP transport names its connections ({@code AmqpTransport}). */
    private static final String ENOKI_CONNECTIONS = "enoki-amqp-";

    private final URI base;
    private final String vhost;
    private final String authorization;
    private final Duration timeout;
    private final HttpClient http;

    ManagementApi(AmqpSettings settings, Duration timeout) {
        this.base = settings.managementUrl();
        this.vhost = URLEncoder.encode(settings.virtualHost(), StandardCharsets.UTF_8).replace("+", "%20");
        String credentials = base.getUserInfo() != null ? base.getUserInfo()
                : settings.username() + ":" + settings.password();
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** Each service with consumers that are not Enoki's, and how many. */
    Map<String, Integer> namekoConsumers() throws IOException, InterruptedException {
        JsonArray consumers = get("/api/consumers/" + vhost);
        // Read after the consumers, so every connection they came on is listed unless it closed meanwhile.
        Set<String> others = new HashSet<>();
        for (Object o : get("/api/vhosts/" + vhost + "/connections")) {
            JsonObject connection = (JsonObject) o;
            String given = connection.getJsonObject("client_properties", new JsonObject())
                    .getString("connection_name", connection.getString("user_provided_name", ""));
            if (!given.startsWith(ENOKI_CONNECTIONS)) {
                others.add(connection.getString("name"));
            }
        }
        Map<String, Integer> found = new HashMap<>();
        for (Object o : consumers) {
            JsonObject consumer = (JsonObject) o;
            String queue = consumer.getJsonObject("queue", new JsonObject()).getString("name", "");
            String connection = consumer.getJsonObject("channel_details", new JsonObject()).getString("connection_name");
            if (queue.startsWith(BrokerServices.QUEUE_PREFIX) && queue.length() > BrokerServices.QUEUE_PREFIX.length()
                    && others.contains(connection)) {
                found.merge(queue.substring(BrokerServices.QUEUE_PREFIX.length()), 1, Integer::sum);
            }
        }
        return found;
    }

    private JsonArray get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint() + base.getRawPath() + path))
                .header("Authorization", authorization).timeout(timeout).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode() + " for " + path);
        }
        return new JsonArray(response.body());
    }

    /** Scheme, host and port: what a log may show of it. */
    String endpoint() {
        return base.getScheme() + "://" + base.getHost() + (base.getPort() > 0 ? ":" + base.getPort() : "");
    }
}
