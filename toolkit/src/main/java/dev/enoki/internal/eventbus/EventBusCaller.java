package dev.enoki.internal.eventbus;

import dev.enoki.ContainerBeingKilled;
import dev.enoki.EnokiException;
import dev.enoki.RpcTimeout;
import dev.enoki.UnknownService;
import dev.enoki.internal.registry.Balancer;
import dev.enoki.internal.resilience.InstanceBreakers;
import dev.enoki.registry.ServiceRecord;
import dev.enoki.registry.ServiceRegistry;
import dev.enoki.transport.RpcRequest;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

import java.util.List;

import static dev.enoki.internal.eventbus.EventBusTransport.CALL_HEADER;
import static dev.enoki.internal.eventbus.EventBusTransport.KILLED_FAILURE;
import static dev.enoki.internal.eventbus.EventBusTransport.NAME;
import static dev.enoki.internal.eventbus.EventBusTransport.RPC;

/**
 * The caller's side of RPC on the event bus: sends each request to an instance the registry knows, chosen by the
 * {@link Balancer}, or to the shared address when it knows none, and turns the event bus's failures into Enoki's.
 * Among several instances, one whose breaker ({@link InstanceBreakers}) is open is left out. On an event bus that is
 * not clustered a request to an instance's own address goes as a {@link LocalCall}, settled by the instance itself
 * ({@link LocalCalls}).
 */
final class EventBusCaller {
    /** How long an instance that refused a call is skipped: about until the registry drops its stale record. */
    private static final long SUSPECT_MILLIS = 2_000;
    private static final long NO_HANDLERS_RETRY_MILLIS = 100;
    /** How long an instance whose breaker refused a call is skipped before it is asked again. */
    private static final long REFUSED_SKIP_MILLIS = 100;

    private final Vertx vertx;
    private final ServiceRegistry registry;
    private final Balancer balancer;
    private final long defaultTimeoutMillis;
    private final ContextCodec contexts;
    /** Null when breakers are off. */
    private final InstanceBreakers breakers;
    /** Null on a cluster, where requests may leave the JVM. */
    private final LocalCalls localCalls;

    EventBusCaller(Vertx vertx, ServiceRegistry registry, Balancer balancer, InstanceBreakers breakers,
                   long defaultTimeoutMillis, ContextCodec contexts) {
        this.vertx = vertx;
        this.registry = registry;
        this.balancer = balancer;
        this.breakers = breakers;
        this.defaultTimeoutMillis = defaultTimeoutMillis;
        this.contexts = contexts;
        this.localCalls = vertx.isClustered() ? null : new LocalCalls(vertx);
    }

    Future<Buffer> call(RpcRequest request) {
        Future<List<ServiceRecord>> instances = registry.instances(request.service());
        if (instances.succeeded()) {
            return callInstance(request, instances.result());   // a local registry knows at once
        }
        return instances.compose(known -> callInstance(request, known));
    }

    /** Sends to an instance the balancer picks; one the registry still lists but nobody serves is tried no more. */
    private Future<Buffer> callInstance(RpcRequest request, List<ServiceRecord> instances) {
        String address = balancer.pick(request.service(), instances, NAME);
        // With one instance there is none to turn to: only the service's own breaker then has a say
        boolean guarded = address != null && breakers != null && instances.size() > 1;
        if (guarded && !breakers.permits(address)) {
            address = another(request, instances, address);
            guarded = address != null && breakers.permits(address);
        }
        return callInstance(request, address, guarded);
    }

    /**
     * An instance other than {@code refused}, whose breaker is open or busy with its probes, which is skipped for a
     * moment; {@code refused} itself when there is no other.
     */
    private String another(RpcRequest request, List<ServiceRecord> instances, String refused) {
        balancer.finished(refused);
        balancer.suspect(refused, REFUSED_SKIP_MILLIS);
        String other = balancer.pick(request.service(), instances, NAME);
        return other == null ? refused : other;
    }

    private Future<Buffer> callInstance(RpcRequest request, String address, boolean guarded) {
        Promise<Buffer> reply = Promise.promise();
        long start = guarded ? System.nanoTime() : 0;
        send(address == null ? RPC + request.service() : address, request).onComplete((body, error) -> {
            if (address != null) {
                balancer.finished(address);
            }
            if (guarded) {
                judge(address, System.nanoTime() - start, error);
            }
            if (error == null) {
                reply.complete(body);
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
                    .anyMatch(r -> NAME.equals(r.transport()) && r.method(request.method()) != null);
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
        send(RPC + request.service(), request).onComplete((body, failure) -> {
            if (failure == null) {
                reply.complete(body);
            } else if (isNoHandlers(failure)) {
                retryWhileListed(request, reply);
            } else {
                reply.fail(translate(failure, request));
            }
        });
    }

    /** The reply body, or the event bus's failure ({@code NO_HANDLERS}, {@code TIMEOUT}, the recipient's). */
    private Future<Buffer> send(String address, RpcRequest request) {
        long timeout = request.remainingMillis(defaultTimeoutMillis);
        String header = CallHeader.format(request.deadline(), contexts.encode(request.context()), request.method());
        if (localCalls != null && localCalls.servedInPlace(address)) {
            return localCalls.send(address, request.body(), header, timeout);
        }
        DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeout).addHeader(CALL_HEADER, header);
        return vertx.eventBus().<Buffer>request(address, request.body(), options).map(Message::body);
    }

    /** What the call says of the instance's health: no answer before the deadline counts against it. */
    private void judge(String address, long nanos, Throwable error) {
        if (error == null) {
            breakers.answered(address, nanos);
        } else if (error instanceof ReplyException reply && reply.failureType() == ReplyFailure.TIMEOUT) {
            if (breakers.unanswered(address, nanos, error)) {
                balancer.suspect(address, breakers.openForMillis());
            }
        } else {
            breakers.released(address);
        }
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
}
