package dev.enoki.internal.amqp;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.enoki.testsupport.RabbitVhost;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real RabbitMQ at 127.0.0.1:5672 with a fresh vhost of its own, so a test class sees nothing of the others;
 * raw client connections into it (no Enoki code), and the broker's own view of its queues through rabbitmqctl.
 */
final class RabbitTestBroker implements AutoCloseable {
    static final String HOST = RabbitVhost.HOST;
    static final int PORT = RabbitVhost.PORT;

    private final RabbitVhost vhost;
    private final List<Connection> connections = new ArrayList<>();

    private RabbitTestBroker(RabbitVhost vhost) {
        this.vhost = vhost;
    }

    static RabbitTestBroker freshVhost() {
        return new RabbitTestBroker(RabbitVhost.create("enoki-test-"));
    }

    String vhost() {
        return vhost.name();
    }

    /** A service or client config pointing at this vhost. */
    JsonObject config() {
        return config(PORT);
    }

    /** The same through another port on this machine (the publish sniffer). */
    JsonObject config(int port) {
        return new JsonObject().put("AMQP_URI", vhost.uri(port)).put("max_workers", 4);
    }

    /** A plain RabbitMQ client connection into the vhost, closed with the broker fixture. */
    synchronized Connection raw() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(HOST);
        factory.setPort(PORT);
        factory.setVirtualHost(vhost.name());
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
        JsonArray queues = new JsonArray(RabbitVhost.rabbitmqctl("list_queues", "-p", vhost.name(), "name", "durable",
                "auto_delete", "exclusive", "arguments", "--formatter", "json"));
        Map<String, JsonObject> byName = new HashMap<>();
        for (Object q : queues) {
            byName.put(((JsonObject) q).getString("name"), (JsonObject) q);
        }
        return byName;
    }

    /** The broker's view of every exchange of the vhost, by name: name, type, durable, auto_delete. */
    Map<String, JsonObject> exchanges() {
        JsonArray exchanges = new JsonArray(RabbitVhost.rabbitmqctl("list_exchanges", "-p", vhost.name(), "name",
                "type", "durable", "auto_delete", "--formatter", "json"));
        Map<String, JsonObject> byName = new HashMap<>();
        for (Object e : exchanges) {
            byName.put(((JsonObject) e).getString("name"), (JsonObject) e);
        }
        return byName;
    }

    /** The SASL mechanism each client connection into the vhost logged in with. */
    List<String> loginMechanisms() {
        List<String> mechanisms = new ArrayList<>();
        for (String line : RabbitVhost.rabbitmqctl("list_connections", "vhost", "auth_mechanism").split("\n")) {
            String[] columns = line.trim().split("\t");
            if (columns.length == 2 && columns[0].equals(vhost.name())) {
                mechanisms.add(columns[1]);
            }
        }
        return mechanisms;
    }

    /** Messages of {@code queue} delivered and not yet acknowledged, as the broker counts them now. */
    int unacknowledged(String queue) {
        return vhost.unacknowledged(queue);
    }

    /** Messages of {@code queue} waiting to be delivered, as the broker counts them now. */
    int ready(String queue) {
        return vhost.ready(queue);
    }

    /** The prefetch of each consumer of {@code queue}, lowest first, as the broker counts them now. */
    List<Integer> consumerPrefetches(String queue) {
        List<Integer> prefetches = new ArrayList<>();
        JsonArray consumers = new JsonArray(RabbitVhost.rabbitmqctl("list_consumers", "-p", vhost.name(),
                "queue_name", "prefetch_count", "--formatter", "json"));
        for (int i = 0; i < consumers.size(); i++) {
            JsonObject consumer = consumers.getJsonObject(i);
            if (queue.equals(consumer.getString("queue_name"))) {
                prefetches.add(consumer.getInteger("prefetch_count"));
            }
        }
        prefetches.sort(null);
        return prefetches;
    }

    /** Every binding of the vhost as source, destination and routing key. */
    JsonArray bindings() {
        return new JsonArray(RabbitVhost.rabbitmqctl("list_bindings", "-p", vhost.name(), "source_name",
                "destination_name", "routing_key", "--formatter", "json"));
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
        vhost.close();
    }
}
