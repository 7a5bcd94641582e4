package dev.enoki.internal.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;
import dev.enoki.EnokiOptions;
import dev.enoki.internal.VertxInternals;
import dev.enoki.registry.LocalRegistry;
import dev.enoki.registry.ServiceRecord;
import dev.enoki.registry.ServiceRegistry;
import dev.enoki.transport.EventSubscription;
import io.vertx.core.Completable;
import io.vertx.core.Closeable;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry of nodes on RabbitMQ. Every node binds an exclusive, auto-delete queue of its own to Enoki's fanout
 * exchange {@value #EXCHANGE} (not one Nameko uses) and publishes there, every heartbeat and at once on each change,
 * its whole set of records (a withdrawal is a set without the record; a stop says goodbye). A newcomer asks, the
 * others answer straight into its queue, and it lists what it knows once the answers had {@link
 * AnnounceTiming#answerWindow()} to come: a heartbeat's wait saved. A node not heard for the TTL is left out, as on
 * the cluster. Nameko services, which announce nothing, come from {@link BrokerServices}.
 *
 * <p>The connection is opened at the first publish or listing, so a client that only calls opens none. Calls do not
 * use the registry on RabbitMQ (the broker routes them), so a registry that cannot reach the broker is logged and
 * listed empty, never a reason for a container not to start.
 */
public final class AmqpRegistry implements ServiceRegistry, Shareable, Closeable {
    private static final Logger log = LoggerFactory.getLogger(AmqpRegistry.class);
    static final String EXCHANGE = "enoki.registry";
    private static final String SHARED_MAP = "enoki.amqp-registry";

    private final Vertx vertx;
    private final AmqpSettings settings;
    private final AnnounceTiming timing;
    private final String nodeId = UUID.randomUUID().toString();
    private final String queue = EXCHANGE + "-" + nodeId;
    private final Context context;
    private final Map<String, ServiceRecord> own = new ConcurrentHashMap<>();
    private final Set<String> answeredHere = ConcurrentHashMap.newKeySet();
    private final AnnouncedRecords peers;
    private final Promise<Void> ready = Promise.promise();
    private Future<Void> connected;
    private volatile AmqpLink link;
    private volatile Channel channel;
    private volatile BrokerServices broker;
    private boolean refreshing;
    private long heartbeatTimer = -1;
    private volatile boolean closed;

    private AmqpRegistry(Vertx vertx, AmqpSettings settings, AnnounceTiming timing) {
        this.vertx = vertx;
        this.settings = settings;
        this.timing = timing;
        this.context = VertxInternals.newEventLoopContext(vertx);
        this.peers = new AnnouncedRecords(timing.ttl().toMillis());
    }

    /** The registry of this Vert.x instance on the broker of {@code config}, made on first use. */
    public static AmqpRegistry of(Vertx vertx, JsonObject config) {
        AmqpSettings settings = AmqpSettings.from(config, EnokiOptions.fromJson(config));
        AnnounceTiming timing = AnnounceTiming.fromConfig(config, System.getenv());
        LocalMap<String, AmqpRegistry> map = vertx.sharedData().getLocalMap(SHARED_MAP);
        return map.computeIfAbsent(settings.username() + "@" + settings.endpoint(),
                k -> new AmqpRegistry(vertx, settings, timing));
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    /** A call to {@code service} was answered: it runs, even if it announces nothing. A read on the common path. */
    void answered(String service) {
        if (!answeredHere.contains(service)) {
            answeredHere.add(service);
        }
    }

    @Override
    public Future<Void> publish(ServiceRecord record) {
        own.put(record.instanceId(), record);
        return connect().map(v -> {
            announce(EXCHANGE, "");
            return (Void) null;
        }).otherwiseEmpty();
    }

    @Override
    public Future<Void> withdraw(ServiceRecord record) {
        if (own.remove(record.instanceId()) != null && link != null) {
            announce(EXCHANGE, "");
        }
        return Future.succeededFuture();
    }

    @Override
    public Future<List<ServiceRecord>> instances(String service) {
        List<ServiceRecord> found = peers.live(service);
        own.values().stream().filter(r -> r.service().equals(service)).forEach(found::add);
        return Future.succeededFuture(found);
    }

    @Override
    public Future<List<ServiceRecord>> all() {
        return connect().transform(x -> ready.future()).map(v -> {
            List<ServiceRecord> found = new ArrayList<>(own.values());
            found.addAll(peers.live());
            Set<String> announced = new HashSet<>();
            found.forEach(r -> announced.add(r.service()));
            if (broker != null) {
                found.addAll(broker.records(announced));
            }
            return found;
        });
    }

    @Override
    public Future<List<EventSubscription>> poolSubscriptions(String source, String eventType) {
        List<ServiceRecord> records = new ArrayList<>(own.values());
        records.addAll(peers.live());
        return Future.succeededFuture(LocalRegistry.poolSubscriptionsOf(records, source, eventType));
    }

    @Override
    public boolean connected() {
        AmqpLink current = link;
        return current == null || current.isOpen();
    }

    /** Opens the connection once; completes when this node listens and has asked the others. */
    private synchronized Future<Void> connect() {
        if (connected == null) {
            VertxInternals.closeWith(vertx, this);
            Promise<Void> done = Promise.promise();
            context.runOnContext(v -> start().onComplete(done));
            connected = done.future();
        }
        return connected;
    }

    private Future<Void> start() {
        AmqpLink.Listener listener = new AmqpLink.Listener() {
            @Override
            public void lost(ShutdownSignalException cause) {
            }

            @Override
            public void recovered() {
                context.runOnContext(v -> greet());   // the others may have come and gone meanwhile
            }
        };
        return AmqpLink.open(vertx, settings, "enoki-registry-" + nodeId.substring(0, 8), listener)
                .compose(opened -> {
                    link = opened;
                    return opened.blocking(() -> {
                        listen();
                        return new BrokerServices(settings, opened, timing.answerWindow().multipliedBy(4));
                    });
                })
                .onSuccess(made -> {
                    broker = made;
                    greet();
                    Promise<Void> waited = Promise.promise();
                    vertx.setTimer(timing.answerWindow().toMillis(), id -> waited.tryComplete());
                    Future.join(waited.future(), refreshBroker()).onComplete(x -> ready.tryComplete());
                    heartbeatTimer = vertx.setPeriodic(timing.heartbeat().toMillis(), id -> heartbeat());
                })
                .onFailure(e -> {
                    log.warn("the registry cannot reach RabbitMQ at {}: {}; services are not listed",
                            settings.endpoint(), e.getMessage());
                    ready.tryComplete();
                }).mapEmpty();
    }

    /** Declares the exchange and this node's queue and consumes it; on the link's blocking pool. */
    private void listen() throws IOException {
        Channel opened = link.createChannel();
        opened.exchangeDeclare(EXCHANGE, BuiltinExchangeType.FANOUT, true, false, null);
        opened.queueDeclare(queue, false, true, true, Map.<String, Object>of("x-message-ttl", timing.ttl().toMillis()));
        opened.queueBind(queue, EXCHANGE, "");
        opened.basicConsume(queue, true, (tag, delivery) -> {
            JsonObject message;
            try {
                message = new JsonObject(new String(delivery.getBody(), StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                log.debug("ignoring a message on {} that is not JSON", EXCHANGE);
                return;
            }
            context.runOnContext(v -> onMessage(message));
        }, tag -> { });
        channel = opened;
    }

    private void onMessage(JsonObject message) {
        String from = message.getString("node");
        if (from == null || from.equals(nodeId) || closed) {
            return;
        }
        try {
            switch (message.getString("kind", "")) {
                case Announcements.HELLO -> {
                    if (!own.isEmpty() || !answeredHere.isEmpty()) {
                        announce("", message.getString("replyTo"));
                    }
                }
                case Announcements.RECORDS ->
                        peers.heard(from, Announcements.recordsOf(message), Announcements.answeredOf(message));
                case Announcements.BYE -> peers.left(from);
                default -> log.debug("ignoring a registry message of kind {}", message.getString("kind"));
            }
        } catch (RuntimeException e) {
            log.debug("ignoring a malformed registry message from node {}: {}", from, e.toString());
        }
    }

    /** Every heartbeat: this node is alive; the silent are forgotten; the broker is looked at again. */
    private void heartbeat() {
        if (!own.isEmpty() || !answeredHere.isEmpty()) {
            announce(EXCHANGE, "");
        }
        peers.forgetSilent();
        refreshBroker();
    }

    private Future<Void> refreshBroker() {
        if (refreshing || broker == null) {
            return Future.succeededFuture();
        }
        refreshing = true;
        Set<String> answered = new HashSet<>(answeredHere);
        answered.addAll(peers.answered());
        return broker.refresh(answered).onComplete(x -> refreshing = false);
    }

    /** Asks the others for their records (they answer into this node's queue) and tells them this node's. */
    private void greet() {
        send(EXCHANGE, "", Announcements.hello(nodeId, queue));
        announce(EXCHANGE, "");
    }

    /** This node's whole set of records, to every node or (an answer) to one queue. */
    private void announce(String exchange, String routingKey) {
        if (routingKey == null) {
            return;
        }
        send(exchange, routingKey, Announcements.records(nodeId, own.values(), answeredHere));
    }

    /** Publishes on the link's outbound thread; not persistent, and dropped by the broker once older than the TTL. */
    private void send(String exchange, String routingKey, JsonObject message) {
        AmqpLink current = link;
        Channel out = channel;
        if (current == null || out == null) {
            return;
        }
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().contentType(AmqpSettings.CONTENT_TYPE)
                .deliveryMode(1).expiration(Long.toString(timing.ttl().toMillis())).build();
        byte[] body = message.encode().getBytes(StandardCharsets.UTF_8);
        current.send(() -> out.basicPublish(exchange, routingKey, properties, body));
    }

    /** Says goodbye and closes the connection; done when the Vert.x instance closes. */
    @Override
    public void close(Completable<Void> completion) {
        closed = true;
        context.runOnContext(v -> {
            vertx.cancelTimer(heartbeatTimer);
            AmqpLink current = link;
            if (current == null) {
                completion.succeed();
                return;
            }
            send(EXCHANGE, "", Announcements.bye(nodeId));
            current.close().onComplete(x -> completion.succeed());
        });
    }
}
