package dev.enoki.internal.amqp;

import dev.enoki.internal.transport.ForwardingTransport;
import dev.enoki.transport.RpcRequest;
import dev.enoki.transport.Transport;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.util.function.Consumer;

/**
 * A transport that tells the registry which services answered its calls: a Nameko service announces nothing, and
 * where the broker's management API cannot be asked, an answer is how a node learns that it runs.
 */
final class AnsweredCalls extends ForwardingTransport {
    private final Consumer<String> answered;

    AnsweredCalls(Transport transport, Consumer<String> answered) {
        super(transport);
        this.answered = answered;
    }

    @Override
    public Future<Buffer> call(RpcRequest request) {
        return transport.call(request).onSuccess(reply -> answered.accept(request.service()));
    }
}
