package dev.enoki.discovery;

import java.time.Duration;

/**
 * What a {@link ClusterRegistry} is doing to heal lost messages, and when it last did it: reading the cluster map
 * again after a missed announce, and putting its event-bus subscriptions back when it stops hearing itself. It holds
 * the flags that keep one of each running at a time and the timestamps ({@link System#nanoTime()}) that pace them.
 * Used on the registry's context only, so it needs no locking.
 */
final class RecoveryState {
    private final long ttlNanos;
    private boolean reloading;
    private long lastReloadNanos;
    private long ownBeatHeardNanos = System.nanoTime();
    private boolean resubscribing;
    private boolean lookingUpOwnSubscription;

    RecoveryState(Duration ttl) {
        this.ttlNanos = ttl.toNanos();
    }

    /** A heartbeat named an unknown instance: read the map, unless a read runs or the last ended within a TTL. */
    boolean mayReloadForUnknownInstance() {
        return !reloading && System.nanoTime() - lastReloadNanos > ttlNanos;
    }

    void reloadStarted() {
        reloading = true;
    }

    void reloadEnded() {
        reloading = false;
        lastReloadNanos = System.nanoTime();
    }

    /** This node heard its own heartbeat: its heartbeat subscription is still in the cluster. */
    void ownBeatHeard() {
        ownBeatHeardNanos = System.nanoTime();
    }

    /** Not heard its own heartbeat for over a TTL: its subscriptions are gone, whatever the cluster manager says. */
    boolean ownBeatOverdue() {
        return System.nanoTime() - ownBeatHeardNanos > ttlNanos;
    }

    long ownBeatSilenceMillis() {
        return (System.nanoTime() - ownBeatHeardNanos) / 1_000_000;
    }

    /** While subscriptions are being put back, hearing is not checked and no second attempt starts. */
    boolean resubscribing() {
        return resubscribing;
    }

    void resubscribeStarted() {
        resubscribing = true;
    }

    /** Subscriptions are back: its own heartbeat gets a full TTL from now to arrive. */
    void resubscribeEnded() {
        ownBeatHeardNanos = System.nanoTime();
        resubscribing = false;
    }

    /** Starts asking the cluster map for this node's heartbeat consumer; false when a question is already out. */
    boolean startSubscriptionLookup() {
        if (lookingUpOwnSubscription) {
            return false;
        }
        lookingUpOwnSubscription = true;
        return true;
    }

    void subscriptionLookupEnded() {
        lookingUpOwnSubscription = false;
    }
}
