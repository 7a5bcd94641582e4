package dev.enoki.internal.cluster;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.ListenerConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent.LifecycleState;
import com.hazelcast.core.LifecycleListener;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Starts a Hazelcast client that gives up on its first connection after a short wait, yet, once connected, keeps
 * looking for the cluster for as long as it runs. Hazelcast's own connect timeout is one value for both, and a
 * shell must outlive a restart of every node while a command must say quickly that no node answered.
 */
final class FirstConnection {
    private FirstConnection() {
    }

    /** Blocking; fails with {@link NoClusterMemberAnswered} when no member let it in within {@code wait}. */
    static HazelcastInstance open(ClientConfig base, Duration wait) {
        ClientConfig config = new ClientConfig(base);
        config.getConnectionStrategyConfig().setAsyncStart(true);
        config.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(Long.MAX_VALUE);
        CountDownLatch connected = new CountDownLatch(1);
        config.addListenerConfig(new ListenerConfig((LifecycleListener) event -> {
            if (event.getState() == LifecycleState.CLIENT_CONNECTED) {
                connected.countDown();
            }
        }));
        HazelcastInstance client;
        try {
            client = HazelcastClient.newHazelcastClient(config);
        } catch (IllegalStateException e) {
            throw new NoClusterMemberAnswered(config.getClusterName(), e);
        }
        try {
            if (connected.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                return client;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.shutdown();
        throw new NoClusterMemberAnswered(config.getClusterName(), null);
    }
}
