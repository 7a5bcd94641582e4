package dev.enoki.internal.amqp;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The real RabbitMQ at 127.0.0.1:5672 with a fresh vhost of its own, so a test class sees nothing of the others;
 * raw client connections into it (no Enoki code), and the broker's own view of its queues through rabbitmqctl.
 */
final class RabbitTestBroker implements AutoCloseable {
    static final String HOST = "127.0.0.1";
    static final int PORT = 5672;

    private final String vhost = "enoki-test-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<Connection> connections = new ArrayList<>();

    private RabbitTestBroker() {
    }

    static RabbitTestBroker freshVhost() {
        RabbitTestBroker broker = new RabbitTestBroker();
        rabbitmqctl("add_vhost", broker.vhost);
        rabbitmqctl("set_permissions", "-p", broker.vhost, "guest", ".*", ".*", ".*");
        return broker;
    }

    String vhost() {
        return vhost;
    }

    /** A service or client config pointing at this vhost. */
    JsonObject config() {
        return config(PORT);
    }

    /** The same through another port on this machine (the publish sniffer). */
    JsonObject config(int port) {
        return new JsonObject()
                .put("AMQP_URI", "amqp://guest:guest@" + HOST + ":" + port + "/"
                        + URLEncoder.encode(vhost, StandardCharsets.UTF_8))
                .put("max_workers", 4);
    }

    /** A plain RabbitMQ client connection into the vhost, closed with the broker fixture. */
    synchronized Connection raw() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(HOST);
        factory.setPort(PORT);
        factory.setVirtualHost(vhost);
        factory.setUsername("guest");
        factory.setPassword("guest");
        factory.setAutomaticRecoveryEnabled(false);
        Connection connection = factory.newConnection("enoki-test-raw");
        connections.add(connection);
        return connection;
    }

    /** The broker's view of one queue: name, durable, auto_delete, exclusive, arguments; null when absent. */
    JsonObject queue(String name) {
        return queues().get(name);
    }

    /** The broker's view of every queue of the vhost, by name (one rabbitmqctl run). */
    Map<String, JsonObject> queues() {
        JsonArray queues = new JsonArray(rabbitmqctl("list_queues", "-q", "-p", vhost, "name", "durable",
                "auto_delete", "exclusive", "arguments", "--formatter", "json"));
        Map<String, JsonObject> byName = new java.util.HashMap<>();
        for (Object q : queues) {
            byName.put(((JsonObject) q).getString("name"), (JsonObject) q);
        }
        return byName;
    }

    /** Every binding of the vhost as source, destination and routing key. */
    JsonArray bindings() {
        return new JsonArray(rabbitmqctl("list_bindings", "-q", "-p", vhost, "source_name", "destination_name",
                "routing_key", "--formatter", "json"));
    }

    static String rabbitmqctl(String... args) {
        List<String> command = new ArrayList<>();
        command.add("rabbitmqctl");
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("rabbitmqctl " + String.join(" ", args) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run rabbitmqctl", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        for (Connection c : connections) {
            try {
                c.abort();
            } catch (RuntimeException ignored) {
                // closing anyway
            }
        }
        rabbitmqctl("delete_vhost", vhost);
    }
}
