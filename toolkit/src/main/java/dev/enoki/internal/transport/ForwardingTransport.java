package dev.enoki.internal.transport;

import dev.enoki.registry.ServiceRecord;
import dev.enoki.transport.Disposition;
import dev.enoki.transport.EventMessage;
import dev.enoki.transport.EventSubscription;
import dev.enoki.transport.InboundHandler;
import dev.enoki.transport.Messaging;
import dev.enoki.transport.RpcOutcome;
import dev.enoki.transport.RpcRequest;
import dev.enoki.transport.Subscription;
import dev.enoki.transport.Transport;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.util.Optional;

/**
 * A transport that passes everything to another one: a decorator overrides only what it adds to, and a method
 * added to {@link Transport} is passed on by every decorator at once.
 */
public abstract class ForwardingTransport implements Transport {
    protected final Transport transport;

    protected ForwardingTransport(Transport transport) {
        this.transport = transport;
    }

    @Override
    public Future<Buffer> call(RpcRequest request) {
        return transport.call(request);
    }

    @Override
    public Future<Void> dispatch(EventMessage event) {
        return transport.dispatch(event);
    }

    @Override
    public String name() {
        return transport.name();
    }

    @Override
    public Future<Void> start() {
        return transport.start();
    }

    @Override
    public Future<Void> stop() {
        return transport.stop();
    }

    @Override
    public Future<Void> kill() {
        return transport.kill();
    }

    @Override
    public Future<Subscription> serveRpc(String service, int prefetch, InboundHandler<RpcRequest, RpcOutcome> handler) {
        return transport.serveRpc(service, prefetch, handler);
    }

    @Override
    public Future<Subscription> subscribe(EventSubscription subscription, int prefetch,
                                          InboundHandler<EventMessage, Disposition> handler) {
        return transport.subscribe(subscription, prefetch, handler);
    }

    @Override
    public Optional<Messaging> messaging() {
        return transport.messaging();
    }

    @Override
    public boolean connected() {
        return transport.connected();
    }

    @Override
    public void describe(ServiceRecord.Builder record) {
        transport.describe(record);
    }

    @Override
    public String toString() {
        return transport.toString();
    }
}
