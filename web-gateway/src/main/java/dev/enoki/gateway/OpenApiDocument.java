package dev.enoki.gateway;

import dev.enoki.http.HttpRoute;
import dev.enoki.http.PathPattern;
import dev.enoki.registry.ServiceRecord;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An OpenAPI 3.0 document of what the registry knows: one {@code POST /api/{service}/{method}} per RPC method (its
 * body an array of positional arguments or an object of named ones) and every {@code @Http} route with its path and
 * query parameters. A type's schema is the one its service record carries (worked out from Jackson's view of the
 * type where the service runs, with records, POJOs and enums under {@code components/schemas}); a record without
 * one, such as a Python Nameko service's, gets a schema from the type's name, where what is not recognised is an
 * object.
 */
final class OpenApiDocument {
    private static final Set<String> INTEGERS = Set.of("int", "long", "short", "byte", "java.lang.Integer",
            "java.lang.Long", "java.lang.Short", "java.lang.Byte", "java.math.BigInteger");
    private static final Set<String> NUMBERS = Set.of("double", "float", "java.lang.Double", "java.lang.Float",
            "java.math.BigDecimal");
    private static final Set<String> BOOLEANS = Set.of("boolean", "java.lang.Boolean");
    private static final Set<String> STRINGS = Set.of("java.lang.String", "char", "java.lang.Character",
            "java.util.UUID", "java.time.Instant", "java.time.LocalDate", "java.time.LocalDateTime",
            "java.time.OffsetDateTime", "java.time.Duration");
    private static final String ERROR = "#/components/schemas/Error";

    private OpenApiDocument() {
    }

    static JsonObject of(List<ServiceRecord> records) {
        Map<String, ServiceRecord> byService = new LinkedHashMap<>();
        records.forEach(r -> byService.putIfAbsent(r.service(), r));
        JsonObject paths = new JsonObject();
        JsonArray tags = new JsonArray();
        JsonObject schemas = new JsonObject().put("Error", errorSchema());
        for (ServiceRecord record : byService.values()) {
            tags.add(new JsonObject().put("name", record.service()));
            record.schemaDefinitions().forEach(d -> {
                if (!schemas.containsKey(d.getKey())) {
                    schemas.put(d.getKey(), d.getValue());
                }
            });
            record.methods().forEach(m -> paths.put("/api/" + record.service() + "/" + m.name(),
                    new JsonObject().put("post", rpcOperation(record, m))));
            for (HttpRoute route : RouteForwarder.routesOf(record)) {
                JsonObject item = paths.getJsonObject(PathPattern.of(route.path()).openApiPath(), new JsonObject());
                route.methods().forEach(method -> item.put(method.toLowerCase(), httpOperation(record, route, method)));
                paths.put(PathPattern.of(route.path()).openApiPath(), item);
            }
        }
        return new JsonObject()
                .put("openapi", "3.0.3")
                .put("info", new JsonObject().put("title", "Enoki services").put("version", "1"))
                .put("tags", tags)
                .put("paths", paths)
                .put("components", new JsonObject().put("schemas", schemas));
    }

    /** The schema the record carries for a type, or else one from the type's name. */
    private static JsonObject schemaOf(ServiceRecord record, String javaType) {
        JsonObject described = record.typeSchema(javaType);
        return described != null ? described.copy() : schemaOf(javaType);
    }

    private static JsonObject rpcOperation(ServiceRecord record, ServiceRecord.RpcMethod method) {
        String service = record.service();
        JsonObject named = new JsonObject().put("type", "object");
        JsonObject properties = new JsonObject();
        JsonArray required = new JsonArray();
        method.parameters().forEach(p -> {
            properties.put(p.name(), schemaOf(record, p.type()));
            if (!p.type().startsWith("java.util.Optional")) {
                required.add(p.name());
            }
        });
        named.put("properties", properties);
        if (!required.isEmpty()) {
            named.put("required", required);
        }
        JsonObject positional = new JsonObject().put("type", "array").put("items", new JsonObject())
                .put("maxItems", method.parameters().size());
        JsonObject body = new JsonObject().put("oneOf", new JsonArray().add(named).add(positional));
        JsonObject responses = new JsonObject()
                .put("200", new JsonObject().put("description", "the result")
                        .put("content", json(schemaOf(record, method.returns()))));
        errorResponses(responses, "400", "404", "500", "503", "504");
        return new JsonObject().put("operationId", service + "." + method.name()).put("tags", new JsonArray().add(service))
                .put("requestBody", new JsonObject().put("content", json(body)))
                .put("responses", responses);
    }

    private static JsonObject httpOperation(ServiceRecord record, HttpRoute route, String method) {
        String service = record.service();
        JsonArray parameters = new JsonArray();
        JsonObject op = new JsonObject().put("operationId", service + "." + route.function() + "." + method.toLowerCase())
                .put("tags", new JsonArray().add(service));
        for (HttpRoute.Param p : route.params()) {
            switch (p.in()) {
                case "path", "query" -> parameters.add(new JsonObject().put("name", p.name()).put("in", p.in())
                        .put("required", p.in().equals("path") || !p.type().startsWith("java.util.Optional"))
                        .put("schema", schemaOf(p.type())));
                case "body" -> op.put("requestBody", new JsonObject().put("content", bodyContent(record, p.type())));
                default -> {
                }
            }
        }
        if (!parameters.isEmpty()) {
            op.put("parameters", parameters);
        }
        JsonObject responses = new JsonObject().put("default", new JsonObject().put("description", "the response"));
        errorResponses(responses, "400", "500", "503");
        return op.put("responses", responses);
    }

    private static JsonObject bodyContent(ServiceRecord record, String type) {
        if (type.equals("java.lang.String")) {
            return new JsonObject().put("text/plain", new JsonObject().put("schema", new JsonObject().put("type", "string")));
        }
        if (type.equals("byte[]") || type.equals("io.vertx.core.buffer.Buffer")) {
            return new JsonObject().put("application/octet-stream", new JsonObject().put("schema",
                    new JsonObject().put("type", "string").put("format", "binary")));
        }
        return json(schemaOf(record, type));
    }

    private static void errorResponses(JsonObject responses, String... statuses) {
        for (String status : statuses) {
            responses.put(status, new JsonObject().put("description", "Nameko's error dict")
                    .put("content", json(new JsonObject().put("$ref", ERROR))));
        }
    }

    private static JsonObject json(JsonObject schema) {
        return new JsonObject().put("application/json", new JsonObject().put("schema", schema));
    }

    static JsonObject schemaOf(String javaType) {
        String t = javaType.trim();
        if (t.startsWith("java.util.Optional<") && t.endsWith(">")) {
            return schemaOf(t.substring("java.util.Optional<".length(), t.length() - 1)).put("nullable", true);
        }
        if (INTEGERS.contains(t)) {
            return new JsonObject().put("type", "integer").put("format", t.contains("ong") ? "int64" : "int32");
        }
        if (NUMBERS.contains(t)) {
            return new JsonObject().put("type", "number");
        }
        if (BOOLEANS.contains(t)) {
            return new JsonObject().put("type", "boolean");
        }
        if (STRINGS.contains(t)) {
            return new JsonObject().put("type", "string");
        }
        if (t.endsWith("[]")) {
            return new JsonObject().put("type", "array").put("items", schemaOf(t.substring(0, t.length() - 2)));
        }
        int lt = t.indexOf('<');
        String raw = lt < 0 ? t : t.substring(0, lt);
        if (raw.equals("java.util.List") || raw.equals("java.util.Set") || raw.equals("java.util.Collection")) {
            String item = lt < 0 ? "java.lang.Object" : t.substring(lt + 1, t.length() - 1);
            return new JsonObject().put("type", "array").put("items", schemaOf(item));
        }
        return new JsonObject().put("type", "object");
    }

    private static JsonObject errorSchema() {
        JsonObject props = new JsonObject()
                .put("exc_type", new JsonObject().put("type", "string"))
                .put("exc_path", new JsonObject().put("type", "string"))
                .put("exc_args", new JsonObject().put("type", "array").put("items", new JsonObject()))
                .put("value", new JsonObject().put("type", "string"));
        return new JsonObject().put("type", "object").put("properties", props)
                .put("required", new JsonArray().add("exc_type").add("value"));
    }
}
