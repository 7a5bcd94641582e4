package dev.enoki.interop;

import dev.enoki.ContextData;
import dev.enoki.Dispatcher;
import dev.enoki.EventDispatcher;
import dev.enoki.EventHandler;
import dev.enoki.Rpc;
import dev.enoki.Service;
import dev.enoki.WorkerContext;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The Enoki side of the mixed cluster: what Nameko's clients and services call and dispatch to. */
@Service("java_interop")
public class JavaInteropService {

    @ContextData
    WorkerContext worker;

    @EventDispatcher
    Dispatcher dispatch;

    @Rpc
    public String greet(String name, Optional<String> greeting) {
        return greeting.orElse("Hello") + ", " + name + "!";
    }

    @Rpc
    public Map<String, Object> describe(String fullName, int age, List<String> tags, Map<String, Object> extra) {
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("full_name", fullName);
        described.put("age", age);
        described.put("tags", tags);
        described.put("extra", extra);
        return described;
    }

    @Rpc
    public int slow(int seconds) throws InterruptedException {
        Thread.sleep(seconds * 1000L);
        return seconds;
    }

    /** Called by Python as {@code who_called}: the context data and call id stack this worker got. */
    @Rpc
    public Map<String, Object> whoCalled() {
        return Received.seen(worker);
    }

    @Rpc(expectedExceptions = Conflict.class)
    public Object fail(String kind) {
        return switch (kind) {
            case "value" -> throw new IllegalArgumentException("bad value");
            case "state" -> throw new IllegalStateException("bad state");
            case "conflict" -> throw new Conflict("taken");
            case "unserializable" -> new Unserializable();
            default -> "no failure";
        };
    }

    /** Dispatches {@code pong} to Python's handler; answers this worker's call id, which its call id stack ends with. */
    @Rpc
    public String dispatchPong(Object payload) {
        dispatch.dispatch("pong", payload);
        return worker.callId();
    }

    @EventHandler(source = "py_interop", event = "ping")
    public void onPing(Object payload) {
        Received.add("java_interop.on_ping", payload, worker);
    }

    /** A result JSON cannot hold: reading it fails. */
    public static final class Unserializable {
        public String getValue() {
            throw new IllegalStateException("not today");
        }
    }
}
