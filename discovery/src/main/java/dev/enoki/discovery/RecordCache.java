package dev.enoki.discovery;

import dev.enoki.registry.ServiceRecord;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * This node's copy of the cluster's records, so a lookup reads memory instead of the whole cluster map. Announces
 * and heartbeats keep it current; each entry remembers when its node last named it, and a lookup leaves out entries
 * silent for longer than the TTL (they stay here, and return when heard again, until their node leaves). Lookups are
 * lock-free reads of an immutable per-service snapshot.
 */
final class RecordCache {

    /** One instance's record and when this node last heard of it, in {@link System#nanoTime()} terms. */
    static final class Entry {
        final ServiceRecord record;
        volatile long lastSeenNanos;

        Entry(ServiceRecord record, long lastSeenNanos) {
            this.record = record;
            this.lastSeenNanos = lastSeenNanos;
        }

        long ageMillis(long nowNanos) {
            return (nowNanos - lastSeenNanos) / 1_000_000L;
        }
    }

    private record Snapshot(Map<String, List<Entry>> entries, Map<String, List<ServiceRecord>> records) {
    }

    private final long ttlNanos;
    private final Map<String, Entry> byInstance = new ConcurrentHashMap<>();
    private volatile Snapshot snapshot = new Snapshot(Map.of(), Map.of());

    RecordCache(long ttlMillis) {
        this.ttlNanos = ttlMillis * 1_000_000L;
    }

    /** Adds a record, or refreshes it if known, as heard of now. */
    void put(ServiceRecord record) {
        long now = System.nanoTime();
        Entry known = byInstance.get(record.instanceId());
        if (known != null && known.record.equals(record)) {
            known.lastSeenNanos = now;
            return;
        }
        byInstance.put(record.instanceId(), new Entry(record, now));
        rebuild();
    }

    /** Marks an instance as heard of now; false when it is not known here. */
    boolean touch(String instanceId) {
        Entry known = byInstance.get(instanceId);
        if (known == null) {
            return false;
        }
        known.lastSeenNanos = System.nanoTime();
        return true;
    }

    boolean remove(String instanceId) {
        boolean removed = byInstance.remove(instanceId) != null;
        if (removed) {
            rebuild();
        }
        return removed;
    }

    /** Drops the entries that match; returns their records. */
    List<ServiceRecord> removeIf(Predicate<Entry> condition) {
        List<ServiceRecord> removed = new ArrayList<>();
        byInstance.values().removeIf(e -> {
            boolean drop = condition.test(e);
            if (drop) {
                removed.add(e.record);
            }
            return drop;
        });
        if (!removed.isEmpty()) {
            rebuild();
        }
        return removed;
    }

    /** Not heard of for longer than the TTL: left out of lookups. */
    boolean silent(Entry entry, long nowNanos) {
        return nowNanos - entry.lastSeenNanos > ttlNanos;
    }

    /** The instances of {@code service} heard of within the TTL. */
    List<ServiceRecord> live(String service) {
        Snapshot current = snapshot;
        List<Entry> entries = current.entries().get(service);
        if (entries == null) {
            return List.of();
        }
        long now = System.nanoTime();
        for (Entry e : entries) {
            if (silent(e, now)) {
                return entries.stream().filter(x -> !silent(x, now)).map(x -> x.record).toList();
            }
        }
        return current.records().get(service);
    }

    List<ServiceRecord> allLive() {
        long now = System.nanoTime();
        return entries().stream().filter(e -> !silent(e, now)).map(e -> e.record).toList();
    }

    /** Every entry, expired or not. */
    List<Entry> entries() {
        return List.copyOf(byInstance.values());
    }

    private synchronized void rebuild() {
        Map<String, List<Entry>> entries = new HashMap<>();
        for (Entry e : byInstance.values()) {
            entries.computeIfAbsent(e.record.service(), s -> new ArrayList<>()).add(e);
        }
        Map<String, List<Entry>> frozenEntries = new HashMap<>();
        Map<String, List<ServiceRecord>> records = new HashMap<>();
        entries.forEach((service, list) -> {
            list.sort((a, b) -> a.record.instanceId().compareTo(b.record.instanceId()));   // stable for round robin
            frozenEntries.put(service, List.copyOf(list));
            records.put(service, list.stream().map(e -> e.record).toList());
        });
        snapshot = new Snapshot(Map.copyOf(frozenEntries), Map.copyOf(records));
    }
}
