package dev.enoki.demo.shop;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/** A bounded, thread-safe map in memory, oldest entries evicted first. */
public final class Store<V> {
    private final Map<String, V> entries;

    Store(int capacity) {
        this.entries = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > capacity;
            }
        };
    }

    public synchronized V get(String key) {
        return entries.get(key);
    }

    public synchronized void put(String key, V value) {
        entries.put(key, value);
    }

    /** Replaces the value atomically; a null result removes the key. */
    public synchronized V compute(String key, BiFunction<String, V, V> change) {
        return entries.compute(key, change);
    }

    public synchronized List<V> values() {
        return new ArrayList<>(entries.values());
    }

    public synchronized Map<String, V> snapshot() {
        return new LinkedHashMap<>(entries);
    }
}
