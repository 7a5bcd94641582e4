package dev.enoki.discovery;

import dev.enoki.registry.ServiceRecord;
import io.vertx.core.json.JsonObject;
import io.vertx.servicediscovery.Record;

/**
 * How an Enoki {@link ServiceRecord} is kept as a vertx-service-discovery {@link Record}: type {@code enoki-service},
 * named after the service, located at the instance's address, with the whole Enoki record and its instance and node
 * ids in the metadata (so JSON filters can match on {@code nodeId} or {@code instanceId}).
 */
final class DiscoveryRecords {
    static final String TYPE = "enoki-service";
    private static final String RECORD = "enoki";
    private static final String INSTANCE_ID = "instanceId";
    private static final String NODE_ID = "nodeId";

    private DiscoveryRecords() {
    }

    static Record toDiscovery(ServiceRecord record) {
        JsonObject location = new JsonObject().put("transport", record.transport());
        if (record.address() != null) {
            location.put("endpoint", record.address());
        }
        JsonObject metadata = new JsonObject().put(RECORD, record.toJson()).put(INSTANCE_ID, record.instanceId())
                .put(NODE_ID, record.nodeId());
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
}
