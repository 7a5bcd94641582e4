package dev.enoki.internal.amqp;

import com.rabbitmq.client.ShutdownSignalException;
import dev.enoki.BrokerConnectionLost;
import dev.enoki.ConfigurationError;
import dev.enoki.ContainerBeingKilled;
import dev.enoki.EnokiException;
import dev.enoki.internal.container.RandomIds;
import dev.enoki.internal.transport.InboundTracker;
import dev.enoki.transport.Disposition;
import dev.enoki.transport.EventMessage;
import dev.enoki.transport.EventSubscription;
import dev.enoki.transport.InboundHandler;
import dev.enoki.transport.Messaging;
import dev.enoki.transport.RpcOutcome;
import dev.enoki.transport.RpcRequest;
import dev.enoki.transport.Subscription;
import dev.enoki.transport.Transport;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * RPC and events on RabbitMQ, speaking Nameko 2.x's wire protocol ({@code toolkit/NAMEKO-WIRE.md}), so
 * Enoki and Nameko services call each other and share events on one broker. Two connections per transport, as
 * Nameko: one consumes (the RPC queue, event queues, the reply queue; a channel each), one publishes with confirms
 * (requests, replies, events). {@code toolkit/AMQP.md} tells the whole story.
 */
public final class AmqpTransport implements Transport {
    private static final Logger log = LoggerFactory.getLogger(AmqpTransport.class);

    private final Vertx vertx;
    private final AmqpSettings settings;
    private final String owner;
    private final String linkName;
    private final InboundTracker inbound = new InboundTracker();
    private Context context;
    private AmqpLink consumerLink;
    private AmqpLink publisherLink;
    private ConfirmingPublisher publisher;
    private BoundedRetry retry;
    private Future<ReplyPublisher> replyPublisher;
    private Declarations declarations;
    private ReplyListener replies;
    private Future<ReplyListener> repliesReady;
    private volatile RunningServices running;
    private final AmqpMessaging messaging = new AmqpMessaging(this);

    AmqpTransport(Vertx vertx, AmqpSettings settings, String owner) {
        this.vertx = vertx;
        this.settings = settings;
        this.owner = owner;
        this.linkName = "enoki-amqp-" + owner + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Override
    public String name() {
        return "amqp";
    }

    @Override
    public Future<Void> start() {
        context = vertx.getOrCreateContext();
        replies = new ReplyListener(vertx, settings.rpcExchange(), owner, settings.maxMessageSize(),
                service -> running.suspect(service));
        AmqpLink.Listener listener = new AmqpLink.Listener() {
            @Override
            public void lost(ShutdownSignalException cause) {
                forgetWhatTheBrokerSaid();
                replies.failAll(new BrokerConnectionLost("the connection to RabbitMQ was lost ("
                        + cause.getMessage() + "); the call may or may not have run"));
            }

            @Override
            public void recovered() {
                forgetWhatTheBrokerSaid();
            }
        };
        return AmqpLink.open(vertx, settings, linkName + "-consume", listener)
                .compose(link -> {
                    consumerLink = link;
                    return AmqpLink.open(vertx, settings, linkName + "-publish", listener);
                })
                .compose(link -> {
                    publisherLink = link;
                    declarations = new Declarations(link, settings.eventExchanges(), settings.queueType());
                    publisher = new ConfirmingPublisher(link, returned -> {
                        replies.onReturn(returned);
                        messaging.onReturn(returned);
                    });
                    running = new RunningServices(vertx, link, settings.recoveryInterval());
                    retry = new BoundedRetry(publisher, settings.maxDeliveries(), declarations::deadLetterQueue);
                    return link.blocking(() -> {
                        publisher.open();
                        return null;
                    }).compose(v -> declarations.declare(
                            channel -> Topology.declareRpcExchange(channel, settings.rpcExchange())));
                })
                .onSuccess(v -> log.info("{} connected to RabbitMQ at {}", owner, settings.endpoint()))
                .recover(e -> closeLinks(true).transform(x -> Future.failedFuture(e)))
                .mapEmpty();
    }

    @Override
    public Future<Void> stop() {
        if (!inbound.accepting()) {
            return Future.succeededFuture();
        }
        return inbound.drain()
                .eventually(() -> {
                    inbound.stopAccepting();
                    if (replies != null) {
                        replies.failAll(new EnokiException(owner + " stopped before the reply came"));
                    }
                    return closeLinks(false);
                });
    }

    @Override
    public Future<Void> kill() {
        inbound.kill();   // a graceful stop that was waiting for replies ends with the kill
        if (replies != null) {
            replies.failAll(new ContainerBeingKilled(owner + " was killed before the reply came"));
        }
        return closeLinks(true);
    }

    private Future<Void> closeLinks(boolean abort) {
        if (running != null) {
            running.close();
        }
        Future<Void> consumer = consumerLink == null ? Future.succeededFuture()
                : abort ? consumerLink.abort() : consumerLink.close();
        Future<Void> pub = publisherLink == null ? Future.succeededFuture()
                : abort ? publisherLink.abort() : publisherLink.close();
        return Future.join(consumer, pub).<Void>mapEmpty().recover(e -> Future.succeededFuture());
    }

    @Override
    public Future<Subscription> serveRpc(String service, int prefetch,
                                         InboundHandler<RpcRequest, RpcOutcome> handler) {
        return replyPublisher().compose(replies -> {
            RpcResponder responder = new RpcResponder(replies, inbound, settings.maxMessageSize(), service, handler,
                    prefetch, settings.rpcHoldLimit());
            return consume(RpcResponder.prefetch(prefetch), channel -> {
                Topology.declareRpcQueue(channel, settings.rpcExchange(), service, settings.queueType());
                return Topology.rpcQueue(service);
            }, responder::onRequest).onSuccess(consuming -> vertx.setPeriodic(RpcWindow.CHECK_MILLIS, id -> {
                if (!responder.checkWindow()) {
                    vertx.cancelTimer(id);
                }
            }));
        });
    }

    /**
     * Where this transport's RPC replies go, made for its first RPC entrypoint: only a transport that answers calls
     * asks the broker whether it may use the default exchange ({@link DirectReplies}).
     */
    private synchronized Future<ReplyPublisher> replyPublisher() {
        if (replyPublisher == null || replyPublisher.failed()) {
            AmqpLink link = publisherLink;
            // A reply lost with the connection waits for it at most ten recovery intervals.
            replyPublisher = link.blocking(() -> DirectReplies.probe(link, settings.rpcExchange()))
                    .map(direct -> ReplyPublisher.on(publisher, link, direct,
                            settings.recoveryInterval().multipliedBy(10)));
        }
        return replyPublisher;
    }

    @Override
    public Future<Subscription> subscribe(EventSubscription subscription, int prefetch,
                                          InboundHandler<EventMessage, Disposition> handler) {
        QueueConsumer<EventMessage> consumer = QueueConsumer.ofEvents(subscription, handler, inbound, retry, settings);
        return consume(prefetch, channel -> Topology.declareEventQueue(channel, subscription,
                settings.eventExchanges(), settings.queueType()), consumer::onDelivery);
    }

    Future<Subscription> consume(int prefetch, ConsumerChannel.Declaration declaration,
                                 ConsumerChannel.DeliveryHandler handler) {
        return ConsumerChannel.open(consumerLink, context, prefetch, false, declaration, handler)
                .recover(e -> Future.failedFuture(QueueTypeConflict.of(e).orElseGet(() -> new ConfigurationError(
                        "RabbitMQ refused the queue or its consumer: "
                                + (e.getMessage() == null ? e.getCause() : e.getMessage()), e))))
                .map(consumer -> inbound.add(consumer::cancel));
    }

    @Override
    public Future<Buffer> call(RpcRequest request) {
        if (!inbound.accepting()) {
            return Future.failedFuture(new EnokiException(owner + " is stopped: no more calls"));
        }
        Context caller = CallerContinuations.callerOf(vertx);
        Future<ReplyListener> ready = replies();
        if (ready.succeeded()) {
            return expectThenSend(ready.result(), request, caller);
        }
        // The first call waits for the reply queue on the transport's event loop, which is not the caller's.
        return CallerContinuations.toCaller(caller,
                ready.compose(listener -> expectThenSend(listener, request, caller)));
    }

    private Future<Buffer> expectThenSend(ReplyListener listener, RpcRequest request, Context caller) {
        String correlationId = RandomIds.uuid().toString();
        Future<Buffer> reply = listener.expect(correlationId, request,
                request.remainingMillis(settings.rpcTimeout().toMillis()), caller);
        running.check(request.service(), verdict -> send(listener, correlationId, request, verdict));
        return reply;
    }

    /** Publishes the request, unless nobody consumes its queue or the call ended meanwhile (a slow check). */
    private void send(ReplyListener listener, String correlationId, RpcRequest request,
                      RunningServices.Verdict verdict) {
        if (!listener.waiting(correlationId)) {
            return;
        }
        if (verdict == RunningServices.Verdict.NOT_RUNNING) {
            listener.fail(correlationId, RunningServices.notRunning(request.service()));
            return;
        }
        publisher.publish(settings.rpcExchange(), request.service() + "." + request.method(), true,
                NamekoMessages.request(correlationId, listener.replyTo(), request.context(), request.deadline()),
                request.body().getBytes())
                .onFailure(e -> listener.fail(correlationId, e));
    }

    /** After a lost or recovered connection: declarations are made again, running services asked again. */
    private void forgetWhatTheBrokerSaid() {
        if (declarations != null) {
            declarations.forget();
        }
        if (running != null) {
            running.forget();
        }
    }

    /**
     * {@code next} at once when {@code first} has already succeeded. The reply queue and the declarations are futures
     * of the transport's context, and composing on one runs the next step there: for a caller on a worker or a
     * broker client's thread, a hop through an event loop (and from it to the publishing thread) on every call.
     */
    private static <T, U> Future<U> composeNow(Future<T> first, Function<T, Future<U>> next) {
        return first.succeeded() ? next.apply(first.result()) : first.compose(next);
    }

    /** The reply queue, made on the first call: a container that never calls has none. */
    private synchronized Future<ReplyListener> replies() {
        if (repliesReady == null || repliesReady.failed()) {
            repliesReady = replies.start(consumerLink);
        }
        return repliesReady;
    }

    @Override
    public boolean connected() {
        AmqpLink consume = consumerLink;
        AmqpLink publish = publisherLink;
        return consume != null && publish != null && consume.isOpen() && publish.isOpen();
    }

    @Override
    public Future<Void> dispatch(EventMessage event) {
        return publishForCaller("events", () -> composeNow(declarations.eventExchange(event.source()),
                v -> publisher.publish(Topology.eventExchange(event.source()), event.eventType(), false,
                        NamekoMessages.event(event.context()), event.body().getBytes())));
    }

    /**
     * Publishes unless stopped. The outcome comes with the broker's confirm, on the reader thread of the publishing
     * connection; the caller gets it on its own event loop, or on {@link CallerContinuations} if it was on none.
     */
    Future<Void> publishForCaller(String what, Supplier<Future<Void>> publish) {
        if (!inbound.accepting()) {
            return Future.failedFuture(new EnokiException(owner + " is stopped: no more " + what));
        }
        return CallerContinuations.toCaller(CallerContinuations.callerOf(vertx), publish.get());
    }

    /** Declares something on the publishing connection, off the event loop. */
    Future<Void> declare(Declarations.Declaration declaration) {
        return declarations.declare(declaration);
    }

    @Override
    public Optional<Messaging> messaging() {
        return Optional.of(messaging);
    }

    AmqpSettings settings() {
        return settings;
    }

    InboundTracker inbound() {
        return inbound;
    }

    ConfirmingPublisher publisher() {
        return publisher;
    }

    BoundedRetry retry() {
        return retry;
    }
}
