package dev.enoki.rpc;

import dev.enoki.transport.RpcRequest;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.util.Set;
import java.util.function.Function;

/** Stands between an {@link RpcCaller} and its transport: may refuse a call, and sees how each one ended. */
@FunctionalInterface
public interface CallGuard {
    CallGuard NONE = (request, expectedErrors, send) -> send.apply(request);

    /**
     * Sends {@code request} through {@code send}, or fails it without sending.
     *
     * @param expectedErrors exception class names the caller declares: replies with them are not failures
     */
    Future<Buffer> call(RpcRequest request, Set<String> expectedErrors, Function<RpcRequest, Future<Buffer>> send);
}
