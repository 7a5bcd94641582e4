package dev.enoki.discovery;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import dev.enoki.EnokiException;
import dev.enoki.EventQueueFull;
import dev.enoki.internal.cluster.QueuedEvent;
import dev.enoki.transport.Disposition;
import dev.enoki.transport.EventMessage;
import dev.enoki.transport.EventQueues;
import dev.enoki.transport.EventSubscription;
import dev.enoki.transport.InboundHandler;
import dev.enoki.transport.Subscription;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Event queues in the cluster's Hazelcast ({@code toolkit/EVENTBUS.md}, "Event queues"), bounded and backed up as
 * {@link ClusteredVertx#hazelcastConfig} sets them: a handler queue is declared
 * in the map {@value #DECLARED} when its handler first starts and stays until purged, like a durable AMQP queue; a
 * dispatch offers the event to every declared queue of its source and type in one transaction; consumers take events
 * into the in-flight map and remove them once handled ({@link QueueConsumer}); the oldest member returns the events
 * of consumers whose node left the cluster ({@link AbandonedEvents}).
 */
final class HazelcastEventQueues implements EventQueues {
    static final String DECLARED = "enoki.event-queues";
    private static final Logger log = LoggerFactory.getLogger(HazelcastEventQueues.class);
    private static final int DISPATCH_ATTEMPTS = 3;

    private final Vertx vertx;
    /** Both made on a worker once the queues are ready: making a Hazelcast proxy may wait on the cluster. */
    private volatile EventQueueStore store;
    private volatile IMap<String, String> declared;
    private final String nodeId;
    private final int maxDeliveries;
    /** The declared queues by {@code source + "\n" + event}, kept up to date by a listener on {@link #DECLARED}. */
    private final Map<String, Set<String>> queuesByEvent = new ConcurrentHashMap<>();
    private final Set<QueueConsumer> consumers = ConcurrentHashMap.newKeySet();
    private final Future<Void> ready;
    private volatile UUID listener;

    HazelcastEventQueues(Vertx vertx, HazelcastInstance hazelcast, String nodeId, int maxDeliveries) {
        this.vertx = vertx;
        this.nodeId = nodeId;
        this.maxDeliveries = maxDeliveries;
        this.ready = vertx.executeBlocking(() -> {
            store = new EventQueueStore(hazelcast);
            declared = hazelcast.getMap(DECLARED);
            listener = declared.addEntryListener(new DeclaredQueues(), true);
            declared.forEach(this::index);
            return null;
        }, false);
    }

    @Override
    public Future<Subscription> consume(EventSubscription subscription, int prefetch,
                                        InboundHandler<EventMessage, Disposition> handler) {
        String queue = subscription.queue();
        Context subscriber = vertx.getOrCreateContext();   // the handler's own context, where its events are handed
        return ready.compose(v -> vertx.executeBlocking(() -> {
            declared.set(queue, subscription.toJson().encode());
            return null;
        }, false)).map(v -> {
            QueueConsumer consumer = new QueueConsumer(vertx, subscriber, store, subscription, prefetch, handler,
                    nodeId, maxDeliveries);
            index(queue, subscription.toJson().encode());
            consumers.add(consumer);
            consumer.start();
            return consumer;   // kept until this stops or is killed: a kill gives back what a cancelled one holds
        });
    }

    @Override
    public Future<Void> dispatch(EventMessage event, Set<String> subscribed) {
        return ready.compose(v -> {
            Set<String> queues = new TreeSet<>(subscribed);
            queues.addAll(queuesByEvent.getOrDefault(key(event.source(), event.eventType()), Set.of()));
            if (queues.isEmpty()) {
                return Future.succeededFuture();
            }
            List<String> targets = List.copyOf(queues);
            String item = QueuedEvent.of(event).encode();
            return vertx.<Void>executeBlocking(() -> {
                offer(targets, item);
                return null;
            }, false);
        });
    }

    /** A member lost mid-transaction fails it as a whole: try again, so a dispatch rides over a member's death. */
    private void offer(List<String> targets, String item) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                store.offer(targets, item);
                return;
            } catch (EventQueueFull e) {
                throw e;
            } catch (RuntimeException e) {
                if (attempt >= DISPATCH_ATTEMPTS) {
                    throw new EnokiException("the event could not be put into its queues " + targets + ": " + e, e);
                }
                log.debug("putting an event into {} failed ({}); trying again", targets, e.toString());
                Thread.sleep(200L * attempt);
            }
        }
    }

    @Override
    public Future<Void> stop() {
        return Future.join(consumers.stream().map(QueueConsumer::cancel).toList()).eventually(this::forget).mapEmpty();
    }

    @Override
    public Future<Void> kill() {
        return Future.join(consumers.stream().map(QueueConsumer::kill).toList()).eventually(this::forget).mapEmpty();
    }

    private Future<Void> forget() {
        consumers.clear();
        UUID id = listener;
        if (id == null || declared == null) {
            return Future.succeededFuture();
        }
        return vertx.executeBlocking(() -> declared.removeEntryListener(id), false).otherwiseEmpty().mapEmpty();
    }

    private void index(String queue, String subscriptionJson) {
        EventSubscription s = EventSubscription.fromJson(new JsonObject(subscriptionJson));
        queuesByEvent.computeIfAbsent(key(s.source(), s.eventType()), k -> ConcurrentHashMap.newKeySet()).add(queue);
    }

    private static String key(String source, String eventType) {
        return source + "\n" + eventType;
    }

    /** Queues declared or purged anywhere in the cluster. */
    private final class DeclaredQueues implements EntryAddedListener<String, String>,
            EntryRemovedListener<String, String> {
        @Override
        public void entryAdded(EntryEvent<String, String> event) {
            index(event.getKey(), event.getValue());
        }

        @Override
        public void entryRemoved(EntryEvent<String, String> event) {
            queuesByEvent.values().forEach(queues -> queues.remove(event.getKey()));
        }
    }
}
