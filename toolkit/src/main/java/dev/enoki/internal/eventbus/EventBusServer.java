package dev.enoki.internal.eventbus;

import dev.enoki.MalformedRequest;
import dev.enoki.registry.ServiceRecord;
import dev.enoki.rpc.ReplyBody;
import dev.enoki.transport.Disposition;
import dev.enoki.transport.InboundHandler;
import dev.enoki.transport.RpcOutcome;
import dev.enoki.transport.RpcRequest;
import dev.enoki.transport.Subscription;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.UUID;

import static dev.enoki.internal.eventbus.EventBusTransport.CALL_HEADER;
import static dev.enoki.internal.eventbus.EventBusTransport.INSTANCE;
import static dev.enoki.internal.eventbus.EventBusTransport.KILLED_FAILURE;
import static dev.enoki.internal.eventbus.EventBusTransport.RPC;

/**
 * The service's side of RPC on the event bus: listens on {@code enoki.rpc.<service>} and on the instance's own
 * {@code enoki.rpc.<service>.instance.<id>}, checks each request's {@link CallHeader}, hands it to the container and
 * replies with the body it answers (a {@link LocalCall} from this JVM is settled in place); a request the container
 * gives back fails at once with {@link EventBusTransport#KILLED_FAILURE}, as there is no queue to hold it.
 */
final class EventBusServer {
    private static final Logger log = LoggerFactory.getLogger(EventBusServer.class);

    private final EventBusInbound inbound;
    private final ContextCodec contexts;
    private final String instanceId = UUID.randomUUID().toString();
    private volatile String instanceAddress;

    EventBusServer(EventBusInbound inbound, ContextCodec contexts) {
        this.inbound = inbound;
        this.contexts = contexts;
    }

    Future<Subscription> serve(String service, InboundHandler<RpcRequest, RpcOutcome> handler) {
        Handler<Message<Object>> onRequest = rpcHandler(service, handler);
        String own = RPC + service + INSTANCE + instanceId;
        Future<Subscription> sharedAddress = inbound.consumeRequests(RPC + service, false, onRequest);
        Future<Subscription> ownAddress = inbound.consumeRequests(own, true, onRequest);
        return Future.all(sharedAddress, ownAddress).map(both -> {
            instanceAddress = own;
            Subscription shared = both.resultAt(0);
            Subscription mine = both.resultAt(1);
            return () -> {
                instanceAddress = null;
                return Future.all(shared.cancel(), mine.cancel()).mapEmpty();
            };
        });
    }

    /** Puts the instance's own address in its record while it serves. */
    void describe(ServiceRecord.Builder record) {
        String own = instanceAddress;
        if (own != null) {
            record.putExtra(ServiceRecord.ADDRESS, own);
        }
    }

    private Handler<Message<Object>> rpcHandler(String service, InboundHandler<RpcRequest, RpcOutcome> handler) {
        return message -> {
            LocalCall local = message.body() instanceof LocalCall sent ? sent : null;
            Buffer body = local != null ? local.body() : message.body() instanceof Buffer sent ? sent : null;
            String header = local != null ? local.header() : message.headers().get(CALL_HEADER);
            CallHeader call = header == null ? null : CallHeader.parse(header);
            String refusal = inbound.oversize(body);
            if (body == null && message.body() != null) {
                refusal = "an RPC request body is JSON in a Buffer, not a " + message.body().getClass().getSimpleName();
            }
            if (refusal == null && call == null) {
                refusal = "an RPC request needs a well-formed " + CALL_HEADER + " header";
            }
            Map<String, Object> context = null;
            if (refusal == null) {
                try {
                    context = contexts.decode(header, call.contextStart(), call.contextEnd());
                } catch (RuntimeException e) {
                    refusal = "the context data in " + CALL_HEADER + " is not a JSON object";
                }
            }
            if (refusal != null) {
                log.warn("{}: request refused: {}", service, refusal);
                reply(message, local, ReplyBody.ofError(new MalformedRequest(refusal)));
                return;
            }
            RpcRequest request = new RpcRequest(service, call.method(), body, context, call.deadline());
            inbound.tracker().track(handler.handle(request)).onComplete(outcome -> answer(message, local, outcome));
        };
    }

    private static void answer(Message<Object> message, LocalCall local, AsyncResult<RpcOutcome> outcome) {
        if (outcome.failed()) {
            fail(message, local, 500, String.valueOf(outcome.cause()));
        } else if (outcome.result().disposition() == Disposition.ACK) {
            reply(message, local, outcome.result().reply());
        } else {
            // No queue to give it back to: tell the caller at once, so it may try another instance.
            fail(message, local, KILLED_FAILURE, outcome.result().reason());
        }
    }

    /** Settles a call made in this JVM in place; answers any other request with a reply message. */
    private static void reply(Message<Object> message, LocalCall local, Buffer replyBody) {
        if (local != null) {
            local.answer(replyBody);
        } else {
            message.reply(replyBody);
        }
    }

    private static void fail(Message<Object> message, LocalCall local, int code, String reason) {
        if (local != null) {
            local.fail(code, reason);
        } else {
            message.fail(code, reason);
        }
    }

}
