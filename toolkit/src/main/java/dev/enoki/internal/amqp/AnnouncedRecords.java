package dev.enoki.internal.amqp;

import dev.enoki.registry.ServiceRecord;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the other nodes on the broker announced: each node's whole set of records and the services that answered its
 * calls, as its latest announcement said, and when that came. A node silent for longer than the TTL is left out of
 * lookups (and listed again when heard); one silent for three TTLs is forgotten.
 */
final class AnnouncedRecords {

    private record Node(List<ServiceRecord> records, Set<String> answered, long heardNanos) {
    }

    private final long ttlNanos;
    private final Map<String, Node> nodes = new ConcurrentHashMap<>();

    AnnouncedRecords(long ttlMillis) {
        this.ttlNanos = ttlMillis * 1_000_000L;
    }

    /** A node announced itself: its records and answered services replace what it said before. */
    void heard(String nodeId, List<ServiceRecord> records, Set<String> answered) {
        nodes.put(nodeId, new Node(List.copyOf(records), Set.copyOf(answered), System.nanoTime()));
    }

    /** A node said goodbye. */
    void left(String nodeId) {
        nodes.remove(nodeId);
    }

    /** The records of the nodes heard within the TTL. */
    List<ServiceRecord> live() {
        long now = System.nanoTime();
        List<ServiceRecord> found = new ArrayList<>();
        nodes.values().forEach(n -> {
            if (now - n.heardNanos <= ttlNanos) {
                found.addAll(n.records);
            }
        });
        return found;
    }

    List<ServiceRecord> live(String service) {
        long now = System.nanoTime();
        List<ServiceRecord> found = new ArrayList<>(1);
        nodes.values().forEach(n -> {
            if (now - n.heardNanos <= ttlNanos) {
                n.records.forEach(r -> {
                    if (r.service().equals(service)) {
                        found.add(r);
                    }
                });
            }
        });
        return found;
    }

    /** Services that answered calls of the nodes heard within the TTL. */
    Set<String> answered() {
        long now = System.nanoTime();
        Set<String> found = new HashSet<>();
        nodes.values().forEach(n -> {
            if (now - n.heardNanos <= ttlNanos) {
                found.addAll(n.answered);
            }
        });
        return found;
    }

    /** Drops nodes silent for three TTLs: killed, not paused. */
    void forgetSilent() {
        long now = System.nanoTime();
        nodes.values().removeIf(n -> now - n.heardNanos > 3 * ttlNanos);
    }
}
