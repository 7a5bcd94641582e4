package dev.enoki.discovery;

import dev.enoki.registry.ServiceRecord;
import io.vertx.core.json.JsonObject;
import io.vertx.servicediscovery.Record;

/**
 * How an Enoki {@link ServiceRecord} is kept as a vertx-service-discovery {@link Record}: type {@code enoki-service},
 * named after the service, located at the instance's address, with the whole Enoki record, its instance and node
 * ids and the time of its last heartbeat in the metadata (so JSON filters can match on {@code nodeId} or
 * {@code instanceId}).
 */
final class DiscoveryRecords {
    static final String TYPE = "enoki-service";
    private static final String RECORD = "enoki";
    private static final String INSTANCE_ID = "instanceId";
    private static final String NODE_ID = "nodeId";
    private static final String HEARTBEAT = "heartbeat";

    private DiscoveryRecords() {
    }

    static Record toDiscovery(ServiceRecord record, long heartbeatMillis) {
        JsonObject location = new JsonObject().put("transport", record.transport());
        if (record.address() != null) {
            location.put("endpoint", record.address());
        }
        JsonObject metadata = new JsonObject().put(RECORD, record.toJson()).put(INSTANCE_ID, record.instanceId())
                .put(NODE_ID, record.nodeId()).put(HEARTBEAT, heartbeatMillis);
        return new Record().setType(TYPE).setName(record.service()).setLocation(location).setMetadata(metadata);
    }

    static boolean isEnoki(Record record) {
        return TYPE.equals(record.getType()) && record.getMetadata() != null
                && record.getMetadata().getJsonObject(RECORD) != null;
    }

    static ServiceRecord fromDiscovery(Record record) {
        return ServiceRecord.fromJson(record.getMetadata().getJsonObject(RECORD));
    }

    static String instanceIdOf(Record record) {
        return record.getMetadata().getString(INSTANCE_ID);
    }

    static String nodeIdOf(Record record) {
        return record.getMetadata().getString(NODE_ID);
    }

    /** Wall-clock milliseconds of the record's last heartbeat, as its own node saw them. */
    static long heartbeatOf(Record record) {
        return record.getMetadata().getLong(HEARTBEAT, 0L);
    }

    static Record withHeartbeat(Record record, long heartbeatMillis) {
        Record copy = new Record(record.toJson());   // the copy constructor would share the metadata
        copy.getMetadata().put(HEARTBEAT, heartbeatMillis);
        return copy;
    }
}
