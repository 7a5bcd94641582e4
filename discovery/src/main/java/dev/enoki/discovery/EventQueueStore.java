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
 * The cluster event queues' every step on Hazelcast's own structures, so that no event is ever in no place: an event
 * queue is a Hazelcast {@code IQueue} named as the handler's queue, bounded and with a synchronous backup
 * ({@link HazelcastEventQueues#queueConfig}); an event taken from it sits in the map {@value #IN_FLIGHT} under a key
 * of its own, with its owner's node id, from before its poll commits until its handler is done (the entry is
 * removed) or it goes back (removed and offered again, one transaction). A failure can leave an event in both
 * places, to run twice, never in neither. Every call blocks: callers run them on worker threads.
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

    /**
     * Puts the event into every queue or into none; {@link EventQueueFull} names a full one. Into one queue, as most
     * events go, it is one backed-up offer: all or none needs no transaction there.
     */
    void offer(List<String> queues, String item) {
        if (queues.size() == 1) {
            if (!hazelcast.<String>getQueue(queues.get(0)).offer(item)) {
                throw full(queues.get(0));
            }
            return;
        }
        hazelcast.executeTransaction(context -> {
            for (String queue : queues) {
                TransactionalQueue<String> q = context.getQueue(queue);
                if (!q.offer(item)) {
                    throw full(queue);
                }
            }
            return null;
        });
    }

    private static EventQueueFull full(String queue) {
        return new EventQueueFull(queue, "event queue " + queue + " is full; the event was not dispatched to any "
                + "handler");
    }

    /**
     * Takes up to {@code max} events from {@code queue}, waiting up to {@code waitMillis} for the first, and records
     * each as in flight with {@code owner} (the node) and {@code consumer}. The entries are written before the
     * transaction that polled the events commits, not inside it: there, a member's death failed their key locks,
     * and their part failing at commit after the poll's went through would leave the events nowhere. A take whose
     * commit failed hands its events on all the same (one the queue still holds may run twice); a take that failed
     * before, or during which the members changed, releases what its transaction may still hold reserved in the
     * queue ({@link StrayReservations}).
     */
    List<Taken> take(String queue, int max, String owner, String consumer, long waitMillis) {
        Set<Member> members = hazelcast.getCluster().getMembers();
        TransactionContext context = hazelcast.newTransactionContext();
        context.beginTransaction();
        List<Taken> taken = new ArrayList<>();
        boolean committed = false;
        try {
            poll(context, queue, max, waitMillis, taken);
            recordInFlight(taken, owner, consumer);
        } catch (RuntimeException | Error e) {
            rollBack(context, queue);
            forget(taken);
            releaseStrays(queue, context.getTxnId(), false);
            throw e;
        }
        try {
            context.commitTransaction();
            committed = true;
        } catch (RuntimeException e) {
            log.warn("committing a take of {} event(s) from {} failed ({}); they are handled as taken, and any the "
                    + "queue still holds may run twice", taken.size(), queue, e.toString());
            rollBack(context, queue);
        } finally {
            // a poll sent again to the queue's new holder when the old one died may have left a stray
            if (!committed || !members.equals(hazelcast.getCluster().getMembers())) {
                releaseStrays(queue, context.getTxnId(), committed);
            }
        }
        return taken;
    }

    /** Polls up to {@code max} events into {@code taken}, each under a new in-flight key. */
    private static void poll(TransactionContext context, String queue, int max, long waitMillis, List<Taken> taken) {
        TransactionalQueue<String> q = context.getQueue(queue);
        String item;
        try {
            item = q.poll(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        while (item != null) {
            taken.add(new Taken(queue + "/" + UUID.randomUUID(), queue, item));
            item = taken.size() < max ? q.poll() : null;
        }
    }

    private void recordInFlight(List<Taken> taken, String owner, String consumer) {
        if (taken.isEmpty()) {
            return;
        }
        Map<String, String> entries = new HashMap<>();
        for (Taken t : taken) {
            entries.put(t.key(), new JsonObject().put("owner", owner).put("consumer", consumer).put("queue", t.queue())
                    .put("item", t.item()).encode());
        }
        inFlight.setAll(entries);
    }

    /** The in-flight entries of a take that failed: its events are back in the queue, or return there. */
    private void forget(List<Taken> taken) {
        for (Taken t : taken) {
            try {
                inFlight.delete(t.key());
            } catch (RuntimeException e) {   // its consumer finds it held by nobody and gives it back: it may run twice
                log.warn("forgetting the in-flight entry {} of a failed take failed: {}", t.key(), e.toString());
            }
        }
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
