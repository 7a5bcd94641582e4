package dev.enoki.internal.schema;

import com.fasterxml.classmate.ResolvedType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.CustomDefinition;
import com.github.victools.jsonschema.generator.CustomDefinitionProviderV2;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerationContext;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfig;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.generator.impl.DefinitionKey;
import com.github.victools.jsonschema.generator.naming.SchemaDefinitionNamingStrategy;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import com.github.victools.jsonschema.module.jackson.JacksonOption;
import com.github.victools.jsonschema.module.jackson.JsonPropertySorter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * How the schema generator sees types: through the toolkit's Jackson mapper (the properties it would read and write,
 * with their {@code @JsonProperty} names, {@code @JsonIgnore}, naming strategies and enum values) and in the subset
 * of JSON Schema that OpenAPI 3.0 understands. What the mapper leaves out (a private field without a getter) is left
 * out; bytes are a base64 string, as Jackson writes them. A primitive property is required, since a missing one
 * cannot be bound; an {@code Optional} one is nullable.
 */
final class JacksonSchemaConfig {
    private JacksonSchemaConfig() {
    }

    static SchemaGeneratorConfig build(ObjectMapper mapper) {
        SchemaGeneratorConfigBuilder builder = new SchemaGeneratorConfigBuilder(mapper, SchemaVersion.DRAFT_7,
                OptionPreset.PLAIN_JSON)
                .without(Option.SCHEMA_VERSION_INDICATOR)
                // Every record, POJO and enum a definition, even when used once, so that a viewer can name it
                .with(Option.EXTRA_OPEN_API_FORMAT_VALUES, Option.ENUM_KEYWORD_FOR_SINGLE_VALUES,
                        Option.DEFINITIONS_FOR_ALL_OBJECTS, Option.INLINE_NULLABLE_SCHEMAS);
        builder.forTypesInGeneral().withCustomDefinitionProvider(new InlineTypes());
        builder.with(new JacksonModule(JacksonOption.RESPECT_JSONPROPERTY_REQUIRED,
                JacksonOption.FLATTENED_ENUMS_FROM_JSONVALUE, JacksonOption.FLATTENED_ENUMS_FROM_JSONPROPERTY));
        builder.forTypesInGeneral()
                // Jackson's order: @JsonPropertyOrder, else as declared
                .withPropertySorter(new JsonPropertySorter(false))
                .withDefinitionNamingStrategy(new QualifiedNames());
        builder.forFields()
                .withRequiredCheck(field -> field.getType() != null && field.getType().isPrimitive());
        return builder.build();
    }

    /**
     * Types that are no definitions of their own: a map is an object of its values (a key is always a string in
     * JSON), Vert.x's JSON values are what they hold rather than beans, and bytes are a base64 string.
     */
    private static final class InlineTypes implements CustomDefinitionProviderV2 {
        @Override
        public CustomDefinition provideCustomSchemaDefinition(ResolvedType type, SchemaGenerationContext context) {
            Class<?> raw = type.getErasedType();
            if (Map.class.isAssignableFrom(raw)) {
                ResolvedType values = context.getTypeContext().getTypeParameterFor(type, Map.class, 1);
                ObjectNode map = context.getGeneratorConfig().createObjectNode().put("type", "object");
                map.set("additionalProperties", values == null || values.getErasedType() == Object.class
                        ? context.getGeneratorConfig().createObjectNode() : context.createDefinitionReference(values));
                return inline(map);
            }
            if (raw == JsonObject.class) {
                return inline(context.getGeneratorConfig().createObjectNode().put("type", "object"));
            }
            if (raw == JsonArray.class) {
                return inline(context.getGeneratorConfig().createObjectNode().put("type", "array")
                        .set("items", context.getGeneratorConfig().createObjectNode()));
            }
            if (raw == Buffer.class || raw == byte[].class) {
                return inline(context.getGeneratorConfig().createObjectNode().put("type", "string").put("format", "byte"));
            }
            return null;
        }

        private static CustomDefinition inline(ObjectNode node) {
            return new CustomDefinition(node, CustomDefinition.DefinitionType.INLINE, CustomDefinition.AttributeInclusion.YES);
        }
    }

    /**
     * Definitions are named by the class's qualified name (nested classes with a dot), so records of different
     * services never clash in one gateway document; type arguments follow after underscores.
     */
    private static final class QualifiedNames implements SchemaDefinitionNamingStrategy {
        @Override
        public String getDefinitionNameForKey(DefinitionKey key, SchemaGenerationContext context) {
            String full = context.getTypeContext().getFullTypeDescription(key.getType());
            return full.replace('$', '.').replaceAll("[<>, ]+", "_").replaceAll("_+$", "")
                    .replaceAll("[^A-Za-z0-9._-]", "");
        }
    }
}
