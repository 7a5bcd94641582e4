package dev.enoki.transport;

import io.vertx.core.buffer.Buffer;

import java.util.Map;

/**
 * One RPC request on the wire.
 *
 * @param deadline epoch milliseconds after which nobody waits for the reply; 0 when there is none
 */
public record RpcRequest(String service, String method, Buffer body, Map<String, Object> context, long deadline) {

    /** Milliseconds left before the deadline, at least 1; {@code fallback} when there is no deadline. */
    public long remainingMillis(long fallback) {
        return deadline == 0 ? fallback : Math.max(1, deadline - System.currentTimeMillis());
    }

    public boolean expired() {
        return deadline != 0 && System.currentTimeMillis() >= deadline;
    }
}
