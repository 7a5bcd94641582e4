package dev.enoki.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The work Enoki's design asks of every call, written by hand on the bare baseline with nothing else: the request
 * handed to a bounded worker pool and answered from the worker; and, in the second variant, Jackson's streaming
 * parser and generator (its cheapest way) writing the arguments and reading the result on the client, reading the
 * arguments and writing the result on the server. Run beside the bare echo, each shows how much of the bare rate
 * that work alone leaves, so Enoki's ratio can be read against what any implementation of the design must pay.
 * The event-bus servers are here (Vert.x's own worker pool, unordered); the RabbitMQ ones are {@link BareAmqpRpc}'s.
 */
final class HandWrittenRpc {
    static final String WORKER_HOP = "handwritten.worker-hop";
    static final String WORKER_HOP_AND_JSON = "handwritten.worker-hop-and-json";
    /** As many as an Enoki container has by default. */
    static final int WORKERS = 10;
    private static final JsonFactory JSON = new JsonFactory();

    private HandWrittenRpc() {
    }

    /** Registers both servers; call it where the bare echo is registered, so they share its event loop. */
    static Future<?> serve(Vertx vertx) {
        WorkerExecutor workers = vertx.createSharedWorkerExecutor("handwritten-workers", WORKERS, 1, TimeUnit.DAYS);
        EventBus bus = vertx.eventBus();
        Future<Void> hop = bus.<Buffer>consumer(WORKER_HOP).handler(m -> workers.executeBlocking(() -> {
            m.reply(EventBusRpcBenchmark.REPLY);
            return null;
        }, false)).completion();
        Future<Void> json = bus.<Buffer>consumer(WORKER_HOP_AND_JSON).handler(m -> workers.executeBlocking(() -> {
            m.reply(Buffer.buffer(greet(m.body().getBytes())));
            return null;
        }, false)).completion();
        return Future.all(hop, json);
    }

    /** Loads on both servers, issued from {@code loads}, named for the comparison's table. */
    static Map<String, ClosedLoop> references(Context loads, Vertx vertx) {
        EventBus bus = vertx.eventBus();
        Map<String, ClosedLoop> references = new LinkedHashMap<>();
        references.put("bare + worker hop",
                ClosedLoop.on(loads, () -> bus.request(WORKER_HOP, EventBusRpcBenchmark.REQUEST)));
        references.put("bare + worker hop + JSON", ClosedLoop.on(loads,
                () -> bus.<Buffer>request(WORKER_HOP_AND_JSON, Buffer.buffer(request("Matt")))
                        .map(reply -> result(reply.body().getBytes()))));
        return references;
    }

    /** Nameko's request body for {@code hello(name)}. */
    static byte[] request(String name) {
        ByteArrayBuilder bytes = new ByteArrayBuilder(64);
        try (JsonGenerator json = JSON.createGenerator(bytes)) {
            json.writeStartObject();
            json.writeArrayFieldStart("args");
            json.writeString(name);
            json.writeEndArray();
            json.writeObjectFieldStart("kwargs");
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The server's side: the reply body of {@code hello} with the request's first argument. */
    static byte[] greet(byte[] request) {
        ByteArrayBuilder bytes = new ByteArrayBuilder(64);
        try (JsonParser in = JSON.createParser(request); JsonGenerator out = JSON.createGenerator(bytes)) {
            String name = moveTo(in, "args") == JsonToken.START_ARRAY && in.nextToken() == JsonToken.VALUE_STRING
                    ? in.getText() : null;
            out.writeStartObject();
            out.writeStringField("result", "Hello, " + name + "!");
            out.writeNullField("error");
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The reply's result; a reply without one fails the call, so the benchmark counts it as an error. */
    static String result(byte[] reply) {
        try (JsonParser json = JSON.createParser(reply)) {
            if (moveTo(json, "result") != JsonToken.VALUE_STRING) {
                throw new IllegalStateException("no result in " + new String(reply, StandardCharsets.UTF_8));
            }
            return json.getText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Moves to the value of the top-level field {@code name} and returns its first token; null when absent. */
    private static JsonToken moveTo(JsonParser json, String name) throws IOException {
        if (json.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            boolean wanted = name.equals(json.currentName());
            JsonToken value = json.nextToken();
            if (wanted) {
                return value;
            }
            json.skipChildren();
        }
        return null;
    }
}
