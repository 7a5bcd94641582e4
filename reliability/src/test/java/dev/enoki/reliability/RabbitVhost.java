package dev.enoki.reliability;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** A fresh vhost on the real RabbitMQ at 127.0.0.1:5672 (guest/guest), deleted on close, so scenarios share nothing. */
final class RabbitVhost implements AutoCloseable {
    static final int PORT = 5672;

    private final String name = "enoki-fault-" + UUID.randomUUID().toString().substring(0, 8);

    private RabbitVhost() {
        rabbitmqctl("add_vhost", name);
        rabbitmqctl("set_permissions", "-p", name, "guest", ".*", ".*", ".*");
    }

    static RabbitVhost create() {
        return new RabbitVhost();
    }

    String name() {
        return name;
    }

    /** The broker URI of this vhost, as {@code --broker} and {@code AMQP_URI} take it. */
    String uri() {
        return uri(PORT);
    }

    /** The same through another local port (a fault proxy in front of the broker). */
    String uri(int port) {
        return "amqp://guest:guest@127.0.0.1:" + port + "/" + name;
    }

    /** A client config for this vhost. */
    JsonObject clientConfig() {
        return new JsonObject().put("AMQP_URI", uri());
    }

    /** Messages of {@code queue} delivered and not yet acknowledged, as the broker counts them now. */
    int unacknowledged(String queue) {
        for (String line : rabbitmqctl("list_queues", "-p", name, "name", "messages_unacknowledged").split("\n")) {
            String[] columns = line.trim().split("\t");
            if (columns.length == 2 && columns[0].equals(queue)) {
                return Integer.parseInt(columns[1]);
            }
        }
        throw new IllegalStateException("no queue " + queue + " on vhost " + name);
    }

    /** This vhost's client connections, each as "address connected-at": a connection made again is a new entry. */
    Set<String> connections() {
        Set<String> connections = new TreeSet<>();
        for (String line : rabbitmqctl("list_connections", "vhost", "name", "connected_at").split("\n")) {
            String[] columns = line.trim().split("\t");
            if (columns.length == 3 && columns[0].equals(name)) {
                connections.add(columns[1] + " " + columns[2]);
            }
        }
        return connections;
    }

    static String rabbitmqctl(String... args) {
        List<String> command = new ArrayList<>(List.of("rabbitmqctl", "-q"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
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

    @Override
    public void close() {
        rabbitmqctl("delete_vhost", name);
    }
}
