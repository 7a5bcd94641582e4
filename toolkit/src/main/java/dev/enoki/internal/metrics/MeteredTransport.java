package dev.enoki.internal.metrics;

import dev.enoki.internal.transport.ForwardingTransport;
import dev.enoki.registry.ServiceRecord;
import dev.enoki.transport.EventMessage;
import dev.enoki.transport.RpcRequest;
import dev.enoki.transport.Transport;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * A transport whose outgoing calls and events are counted in {@link CallMeters}; everything else passes through.
 * A container's record also names its node's management server ({@link #MANAGEMENT}), where the node's health and
 * metrics are read.
 */
public final class MeteredTransport extends ForwardingTransport {
    /** The record's extra holding the node's management {@code host:port}, when it has one. */
    public static final String MANAGEMENT = "management";

    private final CallMeters meters;
    private final String managementAddress;

    public MeteredTransport(Transport transport, CallMeters meters, String managementAddress) {
        super(transport);
        this.meters = meters;
        this.managementAddress = managementAddress;
    }

    @Override
    public Future<Buffer> call(RpcRequest request) {
        long start = System.nanoTime();
        return transport.call(request)
                .andThen(reply -> meters.called(request.service(), request.method(), reply.cause(), start));
    }

    @Override
    public Future<Void> dispatch(EventMessage event) {
        return transport.dispatch(event).andThen(done -> meters.dispatched(event.source(), event.eventType(), done.cause()));
    }

    @Override
    public void describe(ServiceRecord.Builder record) {
        transport.describe(record);
        if (managementAddress != null) {
            record.putExtra(MANAGEMENT, managementAddress);
        }
    }
}
