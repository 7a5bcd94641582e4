package dev.enoki.internal.cluster;

import com.hazelcast.map.IMap;
import io.vertx.core.Completable;
import io.vertx.core.Future;
import io.vertx.core.VertxException;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.cluster.NodeInfo;
import io.vertx.spi.cluster.hazelcast.impl.HazelcastNodeInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A cluster client's entry in the members' {@code __vertx.nodeInfo} map: the host and port of its event-bus server,
 * where members send their answers. Members drop the entry of a member that leaves, but no member notices a client
 * that dies, so the entry is put with a TTL and put again every third of it while the client runs.
 */
final class ClientNodeInfo {
    private static final Logger log = LoggerFactory.getLogger(ClientNodeInfo.class);
    /** A client gone without leaving stops being reachable this long after its last refresh. */
    static final Duration TTL = Duration.ofSeconds(30);

    private final VertxInternal vertx;
    private final IMap<String, HazelcastNodeInfo> map;
    private final String nodeId;
    private final Runnable expired;
    private volatile NodeInfo info;
    private volatile boolean put;
    private long refreshTimer = -1;

    /** {@code expired} runs when a refresh finds that the entry had expired: others may have taken the node for dead. */
    ClientNodeInfo(VertxInternal vertx, IMap<String, HazelcastNodeInfo> map, String nodeId, Runnable expired) {
        this.vertx = vertx;
        this.map = map;
        this.nodeId = nodeId;
        this.expired = expired;
    }

    /** Puts this node's info and keeps it there; true the first time. */
    boolean set(NodeInfo nodeInfo, Completable<Void> done) {
        info = nodeInfo;
        putAgain().onComplete(done);
        if (refreshTimer >= 0) {
            return false;
        }
        refreshTimer = vertx.setPeriodic(TTL.toMillis() / 3, id -> putAgain()
                .onFailure(e -> log.debug("refreshing this client's node info: {}", e.getMessage())));
        return true;
    }

    NodeInfo get() {
        return info;
    }

    /** Puts the entry again, with a fresh TTL. */
    Future<Void> putAgain() {
        NodeInfo current = info;
        if (current == null) {
            return Future.succeededFuture();
        }
        boolean before = put;
        put = true;
        return Future.fromCompletionStage(map.putAsync(nodeId, new HazelcastNodeInfo(current), TTL.toMillis(),
                TimeUnit.MILLISECONDS), vertx.getOrCreateContext()).map(previous -> {
                    if (previous == null && before) {
                        expired.run();
                    }
                    return null;
                });
    }

    /** The info of node {@code id}, member or client; failing as Vert.x expects for a node not in the cluster. */
    Future<NodeInfo> of(String id) {
        return Future.fromCompletionStage(map.getAsync(id), vertx.getOrCreateContext()).map(value -> {
            if (value == null) {
                throw new VertxException("Not a member of the cluster", true);
            }
            return value.unwrap();
        });
    }

    /** Stops refreshing and removes the entry; blocking. */
    void remove() {
        vertx.cancelTimer(refreshTimer);
        map.remove(nodeId);
    }
}
