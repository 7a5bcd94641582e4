package dev.enoki.reliability;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
