package dev.enoki.benchmarks;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * An OTLP/HTTP endpoint on 127.0.0.1 that reads each export request and answers 200 without decoding it: the OTLP
 * exporter does its whole work, sending included; reading the bytes is the only cost of the collector's side, and
 * it is counted in this JVM's CPU with the rest.
 */
final class DiscardingCollector implements AutoCloseable {
    private final HttpServer server;
    private final LongAdder bytes = new LongAdder();

    DiscardingCollector() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/v1/traces", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                bytes.add(body.transferTo(java.io.OutputStream.nullOutputStream()));
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.setExecutor(Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "otlp-collector");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
    }

    /** {@code http://127.0.0.1:PORT/v1/traces}. */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces";
    }

    long bytes() {
        return bytes.sum();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
