package dev.enoki.registry;

import dev.enoki.transport.EventSubscription;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * What one running container tells the others about itself: who it is, where it runs, over which transport, its
 * RPC methods, its event subscriptions and anything else its entrypoints add (such as HTTP routes).
 */
public record ServiceRecord(String service, String instanceId, String nodeId, String transport, long since,
                            List<RpcMethod> methods, List<EventSubscription> subscriptions, JsonObject extra) {

    /** Key in {@link #extra()} of the address that reaches this one instance on its transport. */
    public static final String ADDRESS = "address";

    /**
     * Key in {@link #extra()} of the JSON schemas of the types the methods take and return, as Jackson reads and
     * writes them: {@code types} by Java type name, and the named {@code definitions} they refer to as
     * {@code #/components/schemas/NAME}, each once.
     */
    public static final String SCHEMAS = "schemas";

    /** The most characters of encoded schemas a record carries; a type that would pass it is left out. */
    public static final int MAX_SCHEMA_CHARS = 32 * 1024;

    /**
     * One RPC method with its parameters' names and JSON-facing Java types.
     *
     * @param idempotent the method may run twice for one call ({@code @Rpc(idempotent = true)}): callers retry it
     *                   after a timeout or a lost reply too
     */
    public record RpcMethod(String name, List<Parameter> parameters, String returns, boolean idempotent) {
        public RpcMethod(String name, List<Parameter> parameters, String returns) {
            this(name, parameters, returns, false);
        }

        public JsonObject toJson() {
            JsonArray params = new JsonArray();
            parameters.forEach(p -> params.add(new JsonObject().put("name", p.name()).put("type", p.type())));
            return new JsonObject().put("name", name).put("parameters", params).put("returns", returns)
                    .put("idempotent", idempotent);
        }

        static RpcMethod fromJson(JsonObject json) {
            List<Parameter> params = new ArrayList<>();
            json.getJsonArray("parameters", new JsonArray()).forEach(o -> {
                JsonObject p = (JsonObject) o;
                params.add(new Parameter(p.getString("name"), p.getString("type")));
            });
            return new RpcMethod(json.getString("name"), List.copyOf(params), json.getString("returns"),
                    json.getBoolean("idempotent", false));
        }
    }

    public record Parameter(String name, String type) {
    }

    /**
     * Where this one instance takes RPC calls on its transport, so a caller can choose among instances; null when
     * its transport only has the service's shared address.
     */
    public String address() {
        return extra.getString(ADDRESS);
    }

    /** The JSON schema of a Java type (a parameter's or a result's type name), or null when the record has none. */
    public JsonObject typeSchema(String javaType) {
        JsonObject types = extra.getJsonObject(SCHEMAS, new JsonObject()).getJsonObject("types");
        return types == null ? null : types.getJsonObject(javaType);
    }

    /** The named schemas that {@link #typeSchema} refers to, by name. */
    public JsonObject schemaDefinitions() {
        return extra.getJsonObject(SCHEMAS, new JsonObject()).getJsonObject("definitions", new JsonObject());
    }

    public RpcMethod method(String name) {
        return methods.stream().filter(m -> m.name().equals(name)).findFirst().orElse(null);
    }

    public JsonObject toJson() {
        JsonArray methodsJson = new JsonArray();
        methods.forEach(m -> methodsJson.add(m.toJson()));
        JsonArray subscriptionsJson = new JsonArray();
        subscriptions.forEach(s -> subscriptionsJson.add(s.toJson()));
        return new JsonObject().put("service", service).put("instanceId", instanceId).put("nodeId", nodeId)
                .put("transport", transport).put("since", since).put("methods", methodsJson)
                .put("subscriptions", subscriptionsJson).put("extra", extra.copy());
    }

    public static ServiceRecord fromJson(JsonObject json) {
        List<RpcMethod> methods = new ArrayList<>();
        json.getJsonArray("methods", new JsonArray()).forEach(o -> methods.add(RpcMethod.fromJson((JsonObject) o)));
        List<EventSubscription> subscriptions = new ArrayList<>();
        json.getJsonArray("subscriptions", new JsonArray())
                .forEach(o -> subscriptions.add(EventSubscription.fromJson((JsonObject) o)));
        return new ServiceRecord(json.getString("service"), json.getString("instanceId"), json.getString("nodeId"),
                json.getString("transport"), json.getLong("since", 0L), List.copyOf(methods),
                List.copyOf(subscriptions), json.getJsonObject("extra", new JsonObject()));
    }

    public static Builder builder(String service, String instanceId, String nodeId, String transport) {
        return new Builder(service, instanceId, nodeId, transport);
    }

    /** Collects what a container's entrypoints describe. */
    public static final class Builder {
        private final String service;
        private final String instanceId;
        private final String nodeId;
        private final String transport;
        private final List<RpcMethod> methods = new ArrayList<>();
        private final List<EventSubscription> subscriptions = new ArrayList<>();
        private final JsonObject extra = new JsonObject();
        private int schemaChars;

        private Builder(String service, String instanceId, String nodeId, String transport) {
            this.service = service;
            this.instanceId = instanceId;
            this.nodeId = nodeId;
            this.transport = transport;
        }

        public Builder method(RpcMethod method) {
            methods.add(method);
            return this;
        }

        public Builder subscription(EventSubscription subscription) {
            subscriptions.add(subscription);
            return this;
        }

        /** A free-form list under {@code key}, such as {@code "routes"}. */
        public Builder addExtra(String key, Object value) {
            JsonArray list = extra.getJsonArray(key);
            if (list == null) {
                list = new JsonArray();
                extra.put(key, list);
            }
            list.add(value);
            return this;
        }

        /**
         * The JSON schema of {@code javaType} and the definitions it refers to. A type or definition already
         * described is kept as it was; the type is left out when the record's schemas would pass
         * {@link #MAX_SCHEMA_CHARS}.
         *
         * @return whether the record now describes the type
         */
        public boolean schema(String javaType, JsonObject schema, JsonObject definitions) {
            JsonObject schemas = extra.getJsonObject(SCHEMAS);
            if (schemas == null) {
                schemas = new JsonObject().put("types", new JsonObject()).put("definitions", new JsonObject());
                extra.put(SCHEMAS, schemas);
            }
            JsonObject types = schemas.getJsonObject("types");
            if (types.containsKey(javaType)) {
                return true;
            }
            JsonObject known = schemas.getJsonObject("definitions");
            JsonObject added = new JsonObject();
            definitions.forEach(d -> {
                if (!known.containsKey(d.getKey())) {
                    added.put(d.getKey(), d.getValue());
                }
            });
            int chars = javaType.length() + schema.encode().length() + added.encode().length();
            if (schemaChars + chars > MAX_SCHEMA_CHARS) {
                return false;
            }
            schemaChars += chars;
            types.put(javaType, schema);
            known.mergeIn(added);
            return true;
        }

        /** A single value under {@code key}, such as the instance {@link #ADDRESS}. */
        public Builder putExtra(String key, Object value) {
            extra.put(key, value);
            return this;
        }

        public ServiceRecord build() {
            return new ServiceRecord(service, instanceId, nodeId, transport, System.currentTimeMillis(),
                    List.copyOf(methods), List.copyOf(subscriptions), extra.copy());
        }
    }
}
