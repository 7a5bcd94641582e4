package dev.enoki.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** A fresh vhost on the real RabbitMQ at 127.0.0.1:5672 (guest/guest), deleted on close, so tests share nothing. */
final class RabbitVhost implements AutoCloseable {
    private final String name = "enoki-launcher-" + UUID.randomUUID().toString().substring(0, 8);

    private RabbitVhost() {
        rabbitmqctl("add_vhost", name);
        rabbitmqctl("set_permissions", "-p", name, "guest", ".*", ".*", ".*");
    }

    static RabbitVhost create() {
        return new RabbitVhost();
    }

    /** The broker URI of this vhost, as {@code --broker} takes it. */
    String uri() {
        return "amqp://guest:guest@127.0.0.1:5672/" + name;
    }

    private static void rabbitmqctl(String... args) {
        List<String> command = new ArrayList<>(List.of("rabbitmqctl", "-q"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("rabbitmqctl " + String.join(" ", args) + " failed: " + out);
            }
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
