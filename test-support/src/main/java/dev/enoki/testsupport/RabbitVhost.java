package dev.enoki.testsupport;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A fresh vhost on the real RabbitMQ at 127.0.0.1:5672 (guest/guest), deleted on close, so tests share nothing.
 * Made and inspected through {@code rabbitmqctl}, which runs on the same machine as the tests.
 */
public final class RabbitVhost implements AutoCloseable {
    public static final String HOST = "127.0.0.1";
    public static final int PORT = 5672;
    private static final int CTL_TIMEOUT_SECONDS = 120;

    private final String name;

    private RabbitVhost(String name) {
        this.name = name;
        rabbitmqctl("add_vhost", name);
        rabbitmqctl("set_permissions", "-p", name, "guest", ".*", ".*", ".*");
    }

    /** A vhost named {@code prefix} and a random suffix; the prefix tells whose a leftover one is. */
    public static RabbitVhost create(String prefix) {
        return new RabbitVhost(prefix + UUID.randomUUID().toString().substring(0, 8));
    }

    public String name() {
        return name;
    }

    /** The broker URI of this vhost, as {@code AMQP_URI} and {@code --broker} take it. */
    public String uri() {
        return uri(PORT);
    }

    /** The same through another local port (a proxy or sniffer in front of the broker). */
    public String uri(int port) {
        return "amqp://guest:guest@" + HOST + ":" + port + "/" + URLEncoder.encode(name, StandardCharsets.UTF_8);
    }

    /** Messages of {@code queue} delivered and not yet acknowledged, as the broker counts them now. */
    public int unacknowledged(String queue) {
        return queueColumn(queue, "messages_unacknowledged");
    }

    /** Messages of {@code queue} waiting to be delivered, as the broker counts them now. */
    public int ready(String queue) {
        return queueColumn(queue, "messages_ready");
    }

    /** Messages of {@code queue} waiting or delivered and not yet acknowledged, as the broker counts them now. */
    public int messages(String queue) {
        return queueColumn(queue, "messages");
    }

    private int queueColumn(String queue, String column) {
        for (String line : rabbitmqctl("list_queues", "-p", name, "name", column).split("\n")) {
            String[] columns = line.trim().split("\t");
            if (columns.length == 2 && columns[0].equals(queue)) {
                return Integer.parseInt(columns[1]);
            }
        }
        throw new IllegalStateException("no queue " + queue + " on vhost " + name);
    }

    /** This vhost's client connections, each as "address connected-at": a connection made again is a new entry. */
    public Set<String> connections() {
        Set<String> connections = new TreeSet<>();
        for (String line : rabbitmqctl("list_connections", "vhost", "name", "connected_at").split("\n")) {
            String[] columns = line.trim().split("\t");
            if (columns.length == 3 && columns[0].equals(name)) {
                connections.add(columns[1] + " " + columns[2]);
            }
        }
        return connections;
    }

    /** {@code rabbitmqctl -q ARGS} against the shared broker: its output, or an error carrying it. */
    public static String rabbitmqctl(String... args) {
        List<String> command = new ArrayList<>(List.of("rabbitmqctl", "-q"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(CTL_TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
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
