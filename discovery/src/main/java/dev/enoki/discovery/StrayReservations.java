package dev.enoki.discovery;

import com.hazelcast.collection.impl.queue.QueueService;
import com.hazelcast.collection.impl.txnqueue.operations.QueueTransactionRollbackOperation;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.spi.impl.NodeEngine;

import java.util.UUID;

/**
 * Gives back to a Hazelcast queue the items a transaction reserved but no longer knows of. A transactional poll
 * reserves an item on the queue's holder, and the reservation is backed up; when the holder dies before it answers,
 * the poll is sent again to the new holder, which takes another item, while the first stays reserved under the
 * transaction in the promoted backup. Neither commit nor rollback reaches it (the transaction never heard of it),
 * and Hazelcast releases a transaction's reservations by itself only when the member that began it leaves: a live
 * consumer's stray stays invisible for good, an event neither queued nor in flight. The queue's own release of all
 * of one transaction's reservations, sent once the transaction has ended, returns it. Only a member can send it.
 */
final class StrayReservations {

    /** The queues' backups, as {@link ClusteredVertx} configures them. */
    private static final int BACKUPS = 1;

    private StrayReservations() {
    }

    /** Whether {@link #release} can run on {@code hazelcast}: a member, not a client. */
    static boolean supported(HazelcastInstance hazelcast) {
        return hazelcast instanceof HazelcastInstanceProxy;
    }

    /** Returns to {@code queue} every item still reserved for the ended transaction {@code transactionId}. Blocks. */
    static void release(HazelcastInstance hazelcast, String queue, UUID transactionId) {
        NodeEngine engine = ((HazelcastInstanceProxy) hazelcast).getOriginal().node.getNodeEngine();
        int partition = hazelcast.getPartitionService().getPartition(queue).getPartitionId();
        // the backup's copy too: the release is no backed-up operation, and a stray left there would be reserved
        // for good in the backup once it is promoted
        for (int replica = 0; replica <= BACKUPS; replica++) {
            if (engine.getPartitionService().getPartition(partition).getReplicaAddress(replica) == null) {
                continue;   // no backup in a cluster of one
            }
            engine.getOperationService().createInvocationBuilder(QueueService.SERVICE_NAME,
                    new QueueTransactionRollbackOperation(queue, transactionId), partition).setReplicaIndex(replica)
                    .invoke().joinInternal();
        }
    }
}
