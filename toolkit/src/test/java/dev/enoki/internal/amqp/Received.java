package dev.enoki.internal.amqp;

import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** What the handlers of a test's services received, by handler, for the test to take in order. */
final class Received {
    private final Map<String, BlockingQueue<Object>> byHandler = new ConcurrentHashMap<>();

    void add(String handler, Object payload) {
        queue(handler).add(payload);
    }

    /** The next thing {@code handler} received, waiting up to 30 s; null when nothing came. */
    Object next(String handler) throws InterruptedException {
        return queue(handler).poll(30, TimeUnit.SECONDS);
    }

    private BlockingQueue<Object> queue(String handler) {
        return byHandler.computeIfAbsent(handler, h -> new ArrayBlockingQueue<>(100));
    }
}
