package dev.enoki.discovery;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.transaction.TransactionContext;
import com.hazelcast.transaction.TransactionalMap;
import com.hazelcast.transaction.TransactionalQueue;
import dev.enoki.EventQueueFull;
import dev.enoki.internal.cluster.QueuedEvent;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The cluster event queues' every step on Hazelcast's own structures, each one transaction, so nothing is in two
 * places or in none: an event queue is a Hazelcast {@code IQueue} named as the handler's queue, bounded and with a
 * synchronous backup ({@link HazelcastEventQueues#queueConfig}); an event taken from it sits in the map
 * {@value #IN_FLIGHT} under a key of its own, with its owner's node id, until its handler is done (the entry is
 * removed) or it goes back (removed and offered again, one transaction). Every call blocks: callers run them on
 * worker threads.
 */
final class EventQueueStore {
    static final String IN_FLIGHT = "enoki.events-in-flight";
    static final String DEAD_SUFFIX = ".dead";
    private static final Logger log = LoggerFactory.getLogger(EventQueueStore.class);

    private final HazelcastInstance hazelcast;
    private final IMap<String, String> inFlight;

    EventQueueStore(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
        this.inFlight = hazelcast.getMap(IN_FLIGHT);
    }

    /** One event taken from {@code queue}: its key in the in-flight map and the event. */
    record Taken(String key, String queue, String item) {
        QueuedEvent event() {
            return QueuedEvent.decode(item);
        }
    }

    /** Puts the event into every queue or into none; {@link EventQueueFull} names a full one. */
    void offer(List<String> queues, String item) {
        hazelcast.executeTransaction(context -> {
            for (String queue : queues) {
                TransactionalQueue<String> q = context.getQueue(queue);
                if (!q.offer(item)) {
                    throw new EventQueueFull(queue, "event queue " + queue + " is full; the event was not "
                            + "dispatched to any handler");
                }
            }
            return null;
        });
    }

    /**
     * Takes up to {@code max} events from {@code queue}, waiting up to {@code waitMillis} for the first, and records
     * each as in flight with {@code owner} (the node) and {@code consumer}. A take that fails, or during which the
     * members changed, then releases what its transaction may still hold reserved in the queue
     * ({@link StrayReservations}).
     */
    List<Taken> take(String queue, int max, String owner, String consumer, long waitMillis) {
        Set<Member> members = hazelcast.getCluster().getMembers();
        TransactionContext context = hazelcast.newTransactionContext();
        context.beginTransaction();
        boolean committed = false;
        try {
            List<Taken> taken = take(context, queue, max, owner, consumer, waitMillis);
            context.commitTransaction();
            committed = true;
            return taken;
        } catch (RuntimeException | Error e) {
            rollBack(context, queue);
            throw e;
        } finally {
            // a poll sent again to the queue's new holder when the old one died may have left a stray
            if (!committed || !members.equals(hazelcast.getCluster().getMembers())) {
                releaseStrays(queue, context.getTxnId(), committed);
            }
        }
    }

    private static List<Taken> take(TransactionContext context, String queue, int max, String owner,
                                    String consumer, long waitMillis) {
        TransactionalQueue<String> q = context.getQueue(queue);
        TransactionalMap<String, String> map = context.getMap(IN_FLIGHT);
        List<Taken> taken = new ArrayList<>();
        String item;
        try {
            item = q.poll(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return taken;
        }
        while (item != null) {
            Taken t = new Taken(queue + "/" + UUID.randomUUID(), queue, item);
            map.set(t.key(), new JsonObject().put("owner", owner).put("consumer", consumer).put("queue", queue)
                    .put("item", item).encode());
            taken.add(t);
            item = taken.size() < max ? q.poll() : null;
        }
        return taken;
    }

    private static void rollBack(TransactionContext context, String queue) {
        try {
            context.rollbackTransaction();
        } catch (RuntimeException e) {
            log.warn("rolling back a take from {} failed ({}); its reservations are released next", queue,
                    e.toString());
        }
    }

    private void releaseStrays(String queue, UUID transactionId, boolean committed) {
        if (!StrayReservations.supported(hazelcast)) {
            return;
        }
        try {
            StrayReservations.release(hazelcast, queue, transactionId);
            log.info("released any reservation left on {} by a {} take (a member left, or the take failed)", queue,
                    committed ? "committed" : "failed");
        } catch (RuntimeException e) {
            log.warn("releasing the reservations left on {} by take {} failed: {}", queue, transactionId,
                    e.toString());
        }
    }

    /** The in-flight entries of {@code consumer}: by key, as raw entries, for {@link #taken} and {@link #giveBack}. */
    Map<String, String> ownedOf(String consumer) {
        Map<String, String> owned = new HashMap<>();
        for (Map.Entry<String, String> e : inFlight.entrySet()) {
            if (consumer.equals(new JsonObject(e.getValue()).getString("consumer"))) {
                owned.put(e.getKey(), e.getValue());
            }
        }
        return owned;
    }

    /** The event of a raw in-flight entry. */
    static Taken taken(String key, String entry) {
        JsonObject json = new JsonObject(entry);
        return new Taken(key, json.getString("queue"), json.getString("item"));
    }

    /** Its handler is done: the event leaves for good. */
    CompletionStage<String> done(Taken taken) {
        return inFlight.removeAsync(taken.key());
    }

    /** Back to its queue as it is (its handler never ran), unless it went back already. */
    void giveBack(Taken taken) {
        move(taken.key(), null, taken.queue(), taken.item());
    }

    /**
     * Back to its queue as it is, given its raw in-flight entry: an event in flight for a consumer that does not hold
     * it. False when the entry changed or went meanwhile.
     */
    boolean giveBack(String key, String entry) {
        Taken t = taken(key, entry);
        return move(key, entry, t.queue(), t.item());
    }

    /**
     * Its handler failed and asked for another try: a copy counting this delivery goes to the back of the queue, or
     * to {@code <queue>.dead} once it was delivered {@code maxDeliveries} times. Returns whether it went dead.
     */
    boolean retry(Taken taken, int maxDeliveries) {
        QueuedEvent next = taken.event().delivered();
        boolean dead = next.deliveries() >= maxDeliveries;
        move(taken.key(), null, dead ? taken.queue() + DEAD_SUFFIX : taken.queue(), next.encode());
        return dead;
    }

    /** Moves an item that is no event into {@code <queue>.dead} as it is. */
    boolean bury(Taken taken) {
        return move(taken.key(), null, taken.queue() + DEAD_SUFFIX, taken.item());
    }

    /**
     * Returns to their queues the events in flight with an owner not in {@code liveNodes}, each counted as delivered
     * once more; how many went back.
     */
    int returnAbandoned(Supplier<Collection<String>> liveNodes) {
        List<Map.Entry<String, String>> entries = List.copyOf(inFlight.entrySet());
        // the members after the read: an entry written by a node that joined during it is not taken for abandoned
        Set<String> live = Set.copyOf(liveNodes.get());
        int returned = 0;
        for (Map.Entry<String, String> e : entries) {
            JsonObject entry = new JsonObject(e.getValue());
            if (!live.contains(entry.getString("owner"))) {
                String item = entry.getString("item");
                try {
                    item = QueuedEvent.decode(item).delivered().encode();
                } catch (RuntimeException notAnEvent) {
                    // back as it is: its consumer buries it
                }
                if (move(e.getKey(), e.getValue(), entry.getString("queue"), item)) {
                    returned++;
                }
            }
        }
        return returned;
    }

    /**
     * Removes the in-flight entry (only if it still holds {@code expected}, when given) and offers {@code item} to
     * {@code queue}, in one transaction; false when the entry was gone. A full queue fails the whole move.
     */
    private boolean move(String key, String expected, String queue, String item) {
        return hazelcast.executeTransaction(context -> {
            TransactionalMap<String, String> map = context.getMap(IN_FLIGHT);
            boolean removed = expected == null ? map.remove(key) != null : map.remove(key, expected);
            if (!removed) {
                return false;
            }
            if (!context.<String>getQueue(queue).offer(item)) {
                throw new EventQueueFull(queue, "event queue " + queue + " is full; the event stays in flight");
            }
            return true;
        });
    }

    /** How many events wait in {@code queue}. */
    int depth(String queue) {
        return hazelcast.getQueue(queue).size();
    }

    /** Empties {@code queue} and its dead letters; how many events were dropped. */
    int purge(String queue) {
        int dropped = hazelcast.getQueue(queue).size() + hazelcast.getQueue(queue + DEAD_SUFFIX).size();
        hazelcast.getQueue(queue).destroy();
        hazelcast.getQueue(queue + DEAD_SUFFIX).destroy();
        return dropped;
    }
}
