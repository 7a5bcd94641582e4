package dev.enoki.internal.eventbus;

import dev.enoki.internal.registry.Balancer;
import dev.enoki.internal.resilience.InstanceBreakers;
import dev.enoki.internal.transport.InboundTracker;
import dev.enoki.registry.ServiceRecord;
import dev.enoki.registry.ServiceRegistry;
import dev.enoki.transport.Disposition;
import dev.enoki.transport.EventMessage;
import dev.enoki.transport.EventQueues;
import dev.enoki.transport.EventSubscription;
import dev.enoki.transport.InboundHandler;
import dev.enoki.transport.RpcOutcome;
import dev.enoki.transport.RpcRequest;
import dev.enoki.transport.Subscription;
import dev.enoki.transport.Transport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/**
 * RPC and events on the Vert.x event bus, in one JVM or across a cluster; addresses and headers are documented in
 * {@code toolkit/EVENTBUS.md}. Puts together the {@link EventBusCaller}, the {@link EventBusServer} and the
 * {@link EventBusEvents}, which share the context cache and the consumers, and stops or kills them as one.
 */
public final class EventBusTransport implements Transport {
    static final String NAME = "eventbus";
    static final String RPC = "enoki.rpc.";
    static final String INSTANCE = ".instance.";
    static final String EVENT = "enoki.event.";
    /** An RPC request's one header: {@code <deadline>\n<context JSON>\n<method>}, see {@link CallHeader}. */
    static final String CALL_HEADER = "enoki-call";
    static final String CONTEXT_HEADER = "enoki-context";
    /** An event's id, one per dispatch, kept when it is sent again: its handlers' delivery id. */
    static final String MESSAGE_ID_HEADER = "enoki-message-id";
    /** The failure code of a request abandoned by a killed container. */
    static final int KILLED_FAILURE = 410;

    private final InboundTracker inbound = new InboundTracker();
    private final EventBusCaller caller;
    private final EventBusServer server;
    private final EventBusEvents events;

    /**
     * {@code breakers}: the breakers of the instances called, null when off; {@code maxMessageSize}: larger request
     * and event bodies are refused before they reach a worker; {@code queues}: the cluster's event queues, null for
     * none.
     */
    public EventBusTransport(Vertx vertx, ServiceRegistry registry, long defaultTimeoutMillis, long requeueDelayMillis,
                             Balancer balancer, InstanceBreakers breakers, int maxMessageSize, EventQueues queues) {
        ContextCodec contexts = new ContextCodec();
        EventBusInbound consumers = new EventBusInbound(vertx, inbound, maxMessageSize);
        this.caller = new EventBusCaller(vertx, registry, balancer, breakers, defaultTimeoutMillis, contexts);
        this.server = new EventBusServer(consumers, contexts);
        this.events = new EventBusEvents(vertx, registry, consumers, contexts, requeueDelayMillis, queues);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Future<Void> start() {
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> stop() {
        return inbound.drain().eventually(events::stop);
    }

    @Override
    public Future<Void> kill() {
        inbound.kill();   // a graceful stop that was waiting for replies ends with the kill
        return inbound.cancelAll().eventually(events::kill);
    }

    @Override
    public Future<Subscription> serveRpc(String service, int prefetch,
                                         InboundHandler<RpcRequest, RpcOutcome> handler) {
        return server.serve(service, handler);
    }

    @Override
    public void describe(ServiceRecord.Builder record) {
        server.describe(record);
    }

    @Override
    public Future<Subscription> subscribe(EventSubscription subscription, int prefetch,
                                          InboundHandler<EventMessage, Disposition> handler) {
        return events.subscribe(subscription, prefetch, handler);
    }

    @Override
    public Future<Buffer> call(RpcRequest request) {
        return caller.call(request);
    }

    @Override
    public Future<Void> dispatch(EventMessage event) {
        return events.dispatch(event);
    }
}
