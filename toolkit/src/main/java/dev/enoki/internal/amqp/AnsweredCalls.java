package dev.enoki.internal.amqp;

import dev.enoki.registry.ServiceRecord;
import dev.enoki.transport.Disposition;
import dev.enoki.transport.EventMessage;
import dev.enoki.transport.EventSubscription;
import dev.enoki.transport.InboundHandler;
import dev.enoki.transport.RpcOutcome;
import dev.enoki.transport.RpcRequest;
import dev.enoki.transport.Subscription;
import dev.enoki.transport.Transport;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.util.function.Consumer;

/**
 * A transport that tells the registry which services answered its calls: a Nameko service announces nothing, and
 * where the broker's management API cannot be asked, an answer is how a node learns that it runs.
 */
final class AnsweredCalls implements Transport {
    private final Transport transport;
    private final Consumer<String> answered;

    AnsweredCalls(Transport transport, Consumer<String> answered) {
        this.transport = transport;
        this.answered = answered;
    }

    @Override
    public Future<Buffer> call(RpcRequest request) {
        return transport.call(request).onSuccess(reply -> answered.accept(request.service()));
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
    public Future<Void> dispatch(EventMessage event) {
        return transport.dispatch(event);
    }

    @Override
    public boolean connected() {
        return transport.connected();
    }

    @Override
    public void describe(ServiceRecord.Builder record) {
        transport.describe(record);
    }
}
