package dev.enoki.internal.rpc;

import dev.enoki.ConfigurationError;
import dev.enoki.ContainerBeingKilled;
import dev.enoki.ContainerContext;
import dev.enoki.Extension;
import dev.enoki.MethodNotFound;
import dev.enoki.RpcTimeout;
import dev.enoki.UnserializableValueError;
import dev.enoki.WorkerArguments;
import dev.enoki.WorkerContext;
import dev.enoki.rpc.ReplyBody;
import dev.enoki.rpc.RequestBody;
import dev.enoki.transport.RpcOutcome;
import dev.enoki.transport.RpcRequest;
import dev.enoki.transport.Subscription;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The container's one RPC consumer: takes every request for the service, finds the {@code @Rpc} method, runs it in
 * a worker and answers with Nameko's reply body. Every request gets a reply, errors included.
 */
final class RpcServer implements Extension {
    private final ContainerContext container;
    private final Map<String, RpcEntrypoint> entrypoints = new HashMap<>();
    private Subscription subscription;

    RpcServer(ContainerContext container) {
        this.container = container;
    }

    void register(RpcEntrypoint entrypoint) {
        String name = entrypoint.method().getName();
        RpcEntrypoint previous = entrypoints.put(name, entrypoint);
        if (previous != null && previous.method() != entrypoint.method() && previous.method().getName().equals(name)) {
            throw new ConfigurationError(container.serviceName() + " has two @Rpc methods named "
                    + name + ": RPC methods are called by name, so names must be unique");
        }
        // Python callers name it as Python would (append_identifier); a method of that very name wins
        entrypoints.putIfAbsent(PythonNames.of(name), entrypoint);
    }

    @Override
    public Future<Void> start() {
        return container.transport().serveRpc(container.serviceName(), container.maxWorkers(), this::handle)
                .onSuccess(s -> subscription = s)
                .mapEmpty();
    }

    @Override
    public Future<Void> stop() {
        return subscription == null ? Future.succeededFuture() : subscription.cancel();
    }

    @Override
    public void kill() {
        if (subscription != null) {
            subscription.cancel();
        }
    }

    private Future<RpcOutcome> handle(RpcRequest request) {
        RpcEntrypoint entrypoint = entrypoints.get(request.method());
        if (entrypoint == null) {
            return Future.succeededFuture(RpcOutcome.reply(ReplyBody.ofError(new MethodNotFound(request.method()))));
        }
        if (request.expired()) {
            return Future.succeededFuture(RpcOutcome.reply(ReplyBody.ofError(notRun(request))));
        }
        // A kill gives the request back unanswered (Nameko rejects it with requeue) so another instance answers it.
        return container.spawnWorker(entrypoint, beforeDeadline(request), request.context(), request.deadline(),
                RpcServer::outcome)
                .recover(e -> Future.succeededFuture(e instanceof ContainerBeingKilled
                        ? RpcOutcome.giveBack(e.getMessage()) : RpcOutcome.reply(ReplyBody.ofError(e))));
    }

    /** The arguments, bound only while the deadline holds: the call may have waited for a worker past it. */
    private WorkerArguments beforeDeadline(RpcRequest request) {
        WorkerArguments arguments = method -> RequestBody.bind(request.body(), method);
        if (request.deadline() == 0) {
            return arguments;
        }
        return method -> {
            if (request.expired()) {
                throw notRun(request);
            }
            return arguments.bind(method);
        };
    }

    private RpcTimeout notRun(RpcRequest request) {
        return new RpcTimeout(container.serviceName() + "." + request.method()
                + " was not run: its deadline passed while it waited");
    }

    private static RpcOutcome outcome(WorkerContext worker, Object result, Throwable error) {
        return RpcOutcome.reply(reply(result, error));
    }

    private static Buffer reply(Object result, Throwable error) {
        if (error != null) {
            return ReplyBody.ofError(error);
        }
        try {
            return ReplyBody.of(result);
        } catch (IOException e) {
            return ReplyBody.ofError(new UnserializableValueError("Unserializable value: `" + result + "`"));
        }
    }
}
