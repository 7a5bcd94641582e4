package dev.enoki.internal.eventbus;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.enoki.ContainerBeingKilled;
import dev.enoki.EnokiException;
import dev.enoki.HandlerType;
import dev.enoki.MalformedRequest;
import dev.enoki.RpcTimeout;
import dev.enoki.UnknownService;
import dev.enoki.internal.registry.Balancer;
import dev.enoki.internal.transport.InboundTracker;
import dev.enoki.json.Json;
import dev.enoki.registry.ServiceRecord;
import dev.enoki.registry.ServiceRegistry;
import dev.enoki.rpc.ErrorDict;
import dev.enoki.transport.Disposition;
import dev.enoki.transport.EventMessage;
import dev.enoki.transport.EventSubscription;
import dev.enoki.transport.InboundHandler;
import dev.enoki.transport.RpcOutcome;
import dev.enoki.transport.RpcRequest;
import dev.enoki.transport.Subscription;
import dev.enoki.transport.Transport;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * RPC and events on the Vert.x event bus, in one JVM or across a cluster. Addresses and headers are documented in
 * {@code toolkit/EVENTBUS.md}: each serving instance listens on {@code enoki.rpc.<service>} and on its own
 * {@code enoki.rpc.<service>.instance.<id>}, published in its record; a call goes to an instance the registry knows,
 * chosen by the {@link Balancer}, or to the shared address when the registry knows none. Events go to one address
 * per SERVICE_POOL subscriber ({@code send}: one instance takes it), one SINGLETON address per event ({@code send})
 * and one BROADCAST address per event ({@code publish}: every instance).
 */
public final class EventBusTransport implements Transport {
    private static final Logger log = LoggerFactory.getLogger(EventBusTransport.class);
    static final String RPC = "enoki.rpc.";
    static final String INSTANCE = ".instance.";
    static final String EVENT = "enoki.event.";
    /** An RPC request's one header: {@code <deadline>\n<context JSON>\n<method>}, see {@link CallHeader}. */
    static final String CALL_HEADER = "enoki-call";
    static final String CONTEXT_HEADER = "enoki-context";
    /** The failure code of a request abandoned by a killed container. */
    static final int KILLED_FAILURE = 410;
    /** As the AMQP transport's {@code max_message_size}. */
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 8 * 1024 * 1024;
    /** How long an instance that refused a call is skipped: about until the registry drops its stale record. */
    private static final long SUSPECT_MILLIS = 2_000;
    private static final long NO_HANDLERS_RETRY_MILLIS = 100;

    private final Vertx vertx;
    private final ServiceRegistry registry;
    private final long defaultTimeoutMillis;
    private final long requeueDelayMillis;
    private final Balancer balancer;
    private final int maxMessageSize;
    private final String instanceId = UUID.randomUUID().toString();
    private volatile String instanceAddress;
    private final InboundTracker inbound = new InboundTracker();
    /** A proxy sends the same context with every call: encode it once. */
    private volatile EncodedContext lastContext = new EncodedContext(Map.of(), "{}");
    /** ...and a busy caller sends the same header text many times over: decode it once. */
    private volatile EncodedContext lastDecoded = new EncodedContext(Map.of(), "{}");

    public EventBusTransport(Vertx vertx, ServiceRegistry registry, long defaultTimeoutMillis, long requeueDelayMillis) {
        this(vertx, registry, defaultTimeoutMillis, requeueDelayMillis, new Balancer(Balancer.Strategy.ROUND_ROBIN),
                DEFAULT_MAX_MESSAGE_SIZE);
    }

    /** {@code maxMessageSize}: larger request and event bodies are refused before they reach a worker. */
    public EventBusTransport(Vertx vertx, ServiceRegistry registry, long defaultTimeoutMillis, long requeueDelayMillis,
                             Balancer balancer, int maxMessageSize) {
        this.vertx = vertx;
        this.registry = registry;
        this.defaultTimeoutMillis = defaultTimeoutMillis;
        this.requeueDelayMillis = requeueDelayMillis;
        this.balancer = balancer;
        this.maxMessageSize = maxMessageSize;
    }

    @Override
    public String name() {
        return "eventbus";
    }

    @Override
    public Future<Void> start() {
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> stop() {
        return inbound.drain();
    }

    @Override
    public Future<Void> kill() {
        inbound.kill();   // a graceful stop that was waiting for replies ends with the kill
        return inbound.cancelAll();
    }

    @Override
    public Future<Subscription> serveRpc(String service, int prefetch, InboundHandler<RpcRequest, RpcOutcome> handler) {
        io.vertx.core.Handler<Message<Buffer>> onRequest = rpcHandler(service, handler);
        String own = RPC + service + INSTANCE + instanceId;
        return Future.all(consume(RPC + service, onRequest), consume(own, onRequest)).map(both -> {
            instanceAddress = own;
            Subscription shared = both.resultAt(0);
            Subscription mine = both.resultAt(1);
            return () -> {
                instanceAddress = null;
                return Future.all(shared.cancel(), mine.cancel()).mapEmpty();
            };
        });
    }

    @Override
    public void describe(ServiceRecord.Builder record) {
        String own = instanceAddress;
        if (own != null) {
            record.putExtra(ServiceRecord.ADDRESS, own);
        }
    }

    private io.vertx.core.Handler<Message<Buffer>> rpcHandler(String service, InboundHandler<RpcRequest, RpcOutcome> handler) {
        return message -> {
            String header = message.headers().get(CALL_HEADER);
            CallHeader call = header == null ? null : CallHeader.parse(header);
            String refusal = oversize(message);
            if (refusal == null && call == null) {
                refusal = "an RPC request needs a well-formed " + CALL_HEADER + " header";
            }
            Map<String, Object> context = null;
            if (refusal == null) {
                try {
                    context = contextOf(header, call.contextStart(), call.contextEnd());
                } catch (RuntimeException e) {
                    refusal = "the context data in " + CALL_HEADER + " is not a JSON object";
                }
            }
            if (refusal != null) {
                log.warn("{}: request refused: {}", service, refusal);
                message.reply(errorReply(new MalformedRequest(refusal)));
                return;
            }
            RpcRequest request = new RpcRequest(service, call.method(), message.body(), context, call.deadline());
            inbound.track(handler.handle(request)).onComplete(outcome -> {
                if (outcome.failed()) {
                    message.fail(500, String.valueOf(outcome.cause()));
                } else if (outcome.result().disposition() == Disposition.ACK) {
                    message.reply(outcome.result().reply());
                } else {
                    // No queue to give it back to: tell the caller at once, so it may try another instance.
                    message.fail(KILLED_FAILURE, outcome.result().reason());
                }
            });
        };
    }

    @Override
    public Future<Subscription> subscribe(EventSubscription subscription, int prefetch,
                                          InboundHandler<EventMessage, Disposition> handler) {
        String address = addressOf(subscription);
        return consume(address, message -> {
            String refusal = oversize(message);
            if (refusal != null) {
                log.warn("event {} from {} dropped: {}", subscription.eventType(), subscription.source(), refusal);
                return;
            }
            EventMessage event = new EventMessage(subscription.source(), subscription.eventType(), message.body(),
                    contextOf(message.headers()));
            inbound.track(handler.handle(event)).onSuccess(disposition -> {
                if (disposition != Disposition.ACK) {
                    // No broker to hold it: send it again after a pause, so another instance may take it.
                    DeliveryOptions again = new DeliveryOptions().setHeaders(message.headers());
                    vertx.setTimer(requeueDelayMillis, id -> redeliver(subscription, address, message.body(), again));
                }
            });
        });
    }

    /** Why a request or event is refused before it is decoded, or null: a body over the limit. */
    private String oversize(Message<Buffer> message) {
        int size = message.body() == null ? 0 : message.body().length();
        if (size > maxMessageSize) {
            return "message body of " + size + " bytes is over max_message_size (" + maxMessageSize + " bytes)";
        }
        return null;
    }

    private static Buffer errorReply(Throwable error) {
        ObjectNode reply = Json.mapper().createObjectNode();
        reply.putNull("result");
        reply.set("error", ErrorDict.of(error));
        return Buffer.buffer(reply.toString());
    }

    private void redeliver(EventSubscription subscription, String address, Buffer body, DeliveryOptions options) {
        if (subscription.type() == HandlerType.BROADCAST) {
            if (inbound.hasConsumers()) {
                vertx.eventBus().send(address, body, options.setLocalOnly(true));
            }
        } else {
            vertx.eventBus().send(address, body, options);
        }
    }

    private Future<Subscription> consume(String address, io.vertx.core.Handler<Message<Buffer>> onMessage) {
        MessageConsumer<Buffer> consumer = vertx.eventBus().consumer(address);
        consumer.handler(onMessage);
        Subscription subscription = inbound.add(consumer::unregister);
        return consumer.completion().map(v -> subscription);
    }

    @Override
    public Future<Buffer> call(RpcRequest request) {
        Future<List<ServiceRecord>> instances = registry.instances(request.service());
        if (instances.succeeded()) {
            return callInstance(request, instances.result());   // a local registry knows at once
        }
        return instances.compose(known -> callInstance(request, known));
    }

    /** Sends to an instance the balancer picks; one the registry still lists but nobody serves is tried no more. */
    private Future<Buffer> callInstance(RpcRequest request, List<ServiceRecord> instances) {
        String address = balancer.pick(request.service(), instances, name());
        Promise<Buffer> reply = Promise.promise();
        send(address == null ? RPC + request.service() : address, request).onComplete((message, error) -> {
            if (address != null) {
                balancer.finished(address);
            }
            if (error == null) {
                reply.complete(message.body());
            } else if (isNoHandlers(error) && !request.expired()) {
                if (address != null) {
                    // Not delivered, so trying elsewhere is safe: the shared address reaches any live instance.
                    balancer.suspect(address, SUSPECT_MILLIS);
                    sendToShared(request, reply);
                } else {
                    // No instance to pick: none listed (unknown at once) or each just found unreachable (wait).
                    retryWhileListed(request, reply);
                }
            } else {
                reply.fail(translate(error, request));
            }
        });
        return reply.future();
    }

    /**
     * Nobody serves the service on the event bus although the registry lists an instance there offering the method
     * (perhaps one just found unreachable and skipped). In a cluster that is a moment when subscriptions are missing
     * from the cluster map (after a split heals, until their nodes put them back), not an unknown service: tries
     * again every {@value #NO_HANDLERS_RETRY_MILLIS} ms until the call is delivered, its deadline passes (RpcTimeout)
     * or the registry no longer lists it (UnknownService).
     */
    private void retryWhileListed(RpcRequest request, Promise<Buffer> reply) {
        registry.instances(request.service()).onComplete(found -> {
            boolean listed = found.succeeded() && found.result().stream()
                    .anyMatch(r -> name().equals(r.transport()) && r.method(request.method()) != null);
            if (!listed) {
                reply.fail(new UnknownService(request.service()));
                return;
            }
            vertx.setTimer(NO_HANDLERS_RETRY_MILLIS, id -> {
                if (request.expired()) {
                    reply.fail(new RpcTimeout(request.service() + "." + request.method()
                            + " did not reply before its deadline"));
                } else {
                    sendToShared(request, reply);
                }
            });
        });
    }

    /** Sends to the address every instance shares; none serving it there is looked into by {@link #retryWhileListed}. */
    private void sendToShared(RpcRequest request, Promise<Buffer> reply) {
        send(RPC + request.service(), request).onComplete((message, failure) -> {
            if (failure == null) {
                reply.complete(message.body());
            } else if (isNoHandlers(failure)) {
                retryWhileListed(request, reply);
            } else {
                reply.fail(translate(failure, request));
            }
        });
    }

    private Future<Message<Buffer>> send(String address, RpcRequest request) {
        long timeout = request.remainingMillis(defaultTimeoutMillis);
        DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeout)
                .addHeader(CALL_HEADER, CallHeader.format(request.deadline(), encode(request.context()), request.method()));
        return vertx.eventBus().request(address, request.body(), options);
    }

    private static boolean isNoHandlers(Throwable error) {
        return error instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS;
    }

    private static Throwable translate(Throwable error, RpcRequest request) {
        if (error instanceof ReplyException reply) {
            switch (reply.failureType()) {
                case NO_HANDLERS:
                    return new UnknownService(request.service());
                case TIMEOUT:
                    return new RpcTimeout(request.service() + "." + request.method()
                            + " did not reply before its deadline");
                default:
                    if (reply.failureCode() == KILLED_FAILURE) {
                        return new ContainerBeingKilled(reply.getMessage());
                    }
                    return new EnokiException(request.service() + "." + request.method() + " failed: "
                            + reply.getMessage());
            }
        }
        return error;
    }

    @Override
    public Future<Void> dispatch(EventMessage event) {
        DeliveryOptions options = new DeliveryOptions()
                .addHeader(CONTEXT_HEADER, encode(event.context()));
        EventBus bus = vertx.eventBus();
        String prefix = EVENT + event.source() + "." + event.eventType();
        return registry.poolSubscriptions(event.source(), event.eventType()).map(pool -> {
            pool.forEach(s -> bus.send(addressOf(s), event.body(), options));
            bus.send(prefix + ".singleton", event.body(), options);
            bus.publish(prefix + ".broadcast", event.body(), options);
            return null;
        });
    }

    static String addressOf(EventSubscription s) {
        String prefix = EVENT + s.source() + "." + s.eventType();
        return switch (s.type()) {
            case SERVICE_POOL -> prefix + ".pool." + s.service() + "." + s.method();
            case SINGLETON -> prefix + ".singleton";
            case BROADCAST -> prefix + ".broadcast";
        };
    }

    private String encode(Map<String, Object> context) {
        EncodedContext last = lastContext;
        if (last.context != context) {
            last = new EncodedContext(context, new JsonObject(context).encode());
            lastContext = last;
        }
        return last.json;
    }

    private record EncodedContext(Map<String, Object> context, String json) {
    }

    private Map<String, Object> contextOf(MultiMap headers) {
        String encoded = headers.get(CONTEXT_HEADER);
        return encoded == null ? Map.of() : contextOf(encoded, 0, encoded.length());
    }

    /** The context data written in {@code text} from {@code start} to {@code end}. */
    private Map<String, Object> contextOf(String text, int start, int end) {
        EncodedContext last = lastDecoded;
        int length = end - start;
        if (last.json.length() != length || !text.regionMatches(start, last.json, 0, length)) {
            String encoded = text.substring(start, end);
            last = new EncodedContext(Collections.unmodifiableMap(new JsonObject(encoded).getMap()), encoded);
            lastDecoded = last;
        }
        return last.context;
    }
}
