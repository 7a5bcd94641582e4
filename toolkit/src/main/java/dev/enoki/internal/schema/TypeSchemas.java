package dev.enoki.internal.schema;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.SchemaBuilder;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import dev.enoki.json.Json;
import dev.enoki.registry.ServiceRecord;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JSON schemas of the types service methods take and return, as the toolkit's Jackson mapper reads and writes them,
 * written into a service record so that a gateway in another JVM can show them. Records, POJOs and enums become
 * named definitions referred to with {@code $ref} (which also ends cycles); lists, maps and simple types are inline.
 * Each type is described once per JVM.
 */
public final class TypeSchemas {
    /** Where a document that holds the record's definitions keeps them: OpenAPI's components. */
    public static final String DEFINITIONS_PATH = "components/schemas";

    private static final Logger log = LoggerFactory.getLogger(TypeSchemas.class);
    private static final Map<Type, Optional<Described>> DESCRIBED = new ConcurrentHashMap<>();
    private static SchemaGenerator generator;

    private TypeSchemas() {
    }

    /** A type's schema and the named definitions it refers to. */
    public record Described(JsonObject schema, JsonObject definitions) {
    }

    /**
     * Works out the schemas of {@code types} on a worker thread, ahead of {@link #describe}, which a container calls
     * on its event loop. Never fails: a type that cannot be described is left to its name.
     */
    public static Future<Void> prepare(Vertx vertx, List<Type> types) {
        if (types.stream().allMatch(DESCRIBED::containsKey)) {
            return Future.succeededFuture();
        }
        return vertx.executeBlocking(() -> {
            types.forEach(TypeSchemas::of);
            return null;
        }, false).mapEmpty();
    }

    /** Adds the schema of {@code type} to the record; a type that cannot be described is left to its name. */
    public static void describe(ServiceRecord.Builder record, Type type) {
        if (type == void.class || type == Void.class) {
            return;
        }
        of(type).ifPresent(d -> {
            if (!record.schema(type.getTypeName(), d.schema(), d.definitions())) {
                log.debug("the schema of {} is left out of the service record: the record's schemas would pass {} "
                        + "characters", type.getTypeName(), ServiceRecord.MAX_SCHEMA_CHARS);
            }
        });
    }

    /** The schema of {@code type}, or empty when it cannot be worked out. */
    public static Optional<Described> of(Type type) {
        if (type == void.class || type == Void.class) {
            return Optional.empty();
        }
        return DESCRIBED.computeIfAbsent(type, TypeSchemas::generate);
    }

    private static Optional<Described> generate(Type type) {
        try {
            return Optional.of(optionalOf(type) != null ? nullable(generateRequired(optionalOf(type)))
                    : generateRequired(type));
        } catch (RuntimeException | LinkageError e) {
            log.debug("no JSON schema for {}: {}", type.getTypeName(), e.toString());
            return Optional.empty();
        }
    }

    /** The generator keeps state while it works, so one type is described at a time. */
    private static synchronized Described generateRequired(Type type) {
        if (generator == null) {
            generator = new SchemaGenerator(JacksonSchemaConfig.build(Json.mapper()));
        }
        SchemaBuilder builder = generator.buildMultipleSchemaDefinitions();
        ObjectNode reference = builder.createSchemaReference(type);
        ObjectNode definitions = builder.collectDefinitions(DEFINITIONS_PATH);
        return new Described(toJson(reference), toJson(definitions));
    }

    @SuppressWarnings("unchecked")
    private static JsonObject toJson(ObjectNode node) {
        return OpenApi30Schemas.convert(new JsonObject(Json.mapper().convertValue(node, Map.class)));
    }

    /** OpenAPI 3.0 ignores what stands beside a {@code $ref}, so a nullable reference is wrapped. */
    private static Described nullable(Described required) {
        JsonObject schema = required.schema();
        JsonObject wrapped = schema.containsKey("$ref")
                ? new JsonObject().put("allOf", new JsonArray().add(schema)).put("nullable", true)
                : schema.copy().put("nullable", true);
        return new Described(wrapped, required.definitions());
    }

    private static Type optionalOf(Type type) {
        return type instanceof ParameterizedType p && p.getRawType() == Optional.class
                ? p.getActualTypeArguments()[0] : null;
    }
}
