package dev.enoki.transport;

import io.vertx.core.buffer.Buffer;

/**
 * What a container makes of one RPC request: a reply body to send back ({@link Disposition#ACK}), or the request
 * given back unanswered ({@link Disposition#REQUEUE}) because its handler never ran or was abandoned, so that another
 * instance answers it. A transport with a broker requeues it; one without tells the caller at once, with
 * {@code reason}, that this instance gave it back.
 *
 * @param reply the reply body for {@link Disposition#ACK}; null otherwise
 * @param reason why the request was given back, for {@link Disposition#REQUEUE}; null otherwise
 */
public record RpcOutcome(Disposition disposition, Buffer reply, String reason) {

    public RpcOutcome {
        if (disposition == Disposition.RETRY) {
            throw new IllegalArgumentException("an RPC request is answered or given back, never retried");
        }
        if (disposition == Disposition.ACK && reply == null) {
            throw new IllegalArgumentException("an answered RPC request needs a reply body");
        }
    }

    public static RpcOutcome reply(Buffer body) {
        return new RpcOutcome(Disposition.ACK, body, null);
    }

    public static RpcOutcome giveBack(String reason) {
        return new RpcOutcome(Disposition.REQUEUE, null, reason);
    }
}
