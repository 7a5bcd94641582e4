package dev.enoki.internal.schema;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.enoki.registry.ServiceRecord;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Type;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Schemas as Jackson sees the types, in the subset of JSON Schema that OpenAPI 3.0 takes. */
class TypeSchemasTest {
    private static final String REFS = "#/components/schemas/";
    private static final String PREFIX = TypeSchemasTest.class.getName() + ".";

    enum Size { SMALL, LARGE }

    public enum Colour {
        RED("red"), BLUE("blue");

        private final String json;

        Colour(String json) {
            this.json = json;
        }

        @JsonValue
        public String json() {
            return json;
        }
    }

    record Address(String street, @JsonProperty("post_code") String postCode) {
    }

    record Order(String customer, int quantity, Address shipTo, Optional<Address> billTo, List<Address> stops,
                 Map<String, Long> counts, Optional<String> note, Size size, Colour colour, Instant at, byte[] image, @JsonIgnore String secret) {
    }

    record Category(String name, List<Category> children) {
    }

    /** A POJO: Jackson reads the field with a getter and not the private one without. */
    static final class Parcel {
        private String label;
        private String internal;

        public String getLabel() {
            return label;
        }
    }

    private static JsonObject definition(TypeSchemas.Described described, Class<?> type) {
        return described.definitions().getJsonObject(PREFIX + type.getSimpleName());
    }

    @Test
    void aRecordIsADefinitionWithJacksonsPropertiesAndNestedRecordsByReference() {
        TypeSchemas.Described described = TypeSchemas.of(Order.class).orElseThrow();

        assertThat(described.schema()).isEqualTo(new JsonObject().put("$ref", REFS + PREFIX + "Order"));
        JsonObject order = definition(described, Order.class);
        JsonObject props = order.getJsonObject("properties");
        assertThat(order.getString("type")).isEqualTo("object");
        assertThat(props.fieldNames()).containsExactly("customer", "quantity", "shipTo", "billTo", "stops", "counts", "note",
                "size", "colour", "at", "image");
        assertThat(props.getJsonObject("customer").getString("type")).isEqualTo("string");
        assertThat(props.getJsonObject("quantity").getString("type")).isEqualTo("integer");
        assertThat(props.getJsonObject("shipTo").getString("$ref")).isEqualTo(REFS + PREFIX + "Address");
        assertThat(props.getJsonObject("billTo")).isEqualTo(new JsonObject().put("nullable", true)
                .put("allOf", new JsonArray().add(new JsonObject().put("$ref", REFS + PREFIX + "Address"))));
        assertThat(props.getJsonObject("stops").getString("type")).isEqualTo("array");
        assertThat(props.getJsonObject("stops").getJsonObject("items").getString("$ref")).isEqualTo(REFS + PREFIX + "Address");
        assertThat(props.getJsonObject("counts").getString("type")).isEqualTo("object");
        assertThat(props.getJsonObject("counts").getJsonObject("additionalProperties").getString("type")).isEqualTo("integer");
        assertThat(props.getJsonObject("note").getString("type")).isEqualTo("string");
        assertThat(props.getJsonObject("note").getBoolean("nullable")).isTrue();
        assertThat(props.getJsonObject("at").getString("type")).isEqualTo("string");
        assertThat(props.getJsonObject("image")).isEqualTo(new JsonObject().put("type", "string").put("format", "byte"));
        assertThat(order.getJsonArray("required")).isEqualTo(new JsonArray().add("quantity"));

        assertThat(definition(described, Address.class).getJsonObject("properties").fieldNames())
                .containsExactly("street", "post_code");
        assertThat(definition(described, Size.class).getJsonArray("enum")).isEqualTo(new JsonArray().add("SMALL").add("LARGE"));
        assertThat(definition(described, Colour.class).getJsonArray("enum")).isEqualTo(new JsonArray().add("red").add("blue"));
    }

    @Test
    void aCycleEndsInAReference() {
        TypeSchemas.Described described = TypeSchemas.of(Category.class).orElseThrow();

        JsonObject children = definition(described, Category.class).getJsonObject("properties").getJsonObject("children");
        assertThat(children.getJsonObject("items").getString("$ref")).isEqualTo(REFS + PREFIX + "Category");
        assertThat(described.definitions().fieldNames()).containsExactly(PREFIX + "Category");
    }

    @Test
    void aPojoHasThePropertiesJacksonWouldReadAndWrite() {
        JsonObject parcel = definition(TypeSchemas.of(Parcel.class).orElseThrow(), Parcel.class);

        assertThat(parcel.getJsonObject("properties").fieldNames()).containsExactly("label");
    }

    @Test
    void listsOptionalsAndSimpleTypesAreInline() throws NoSuchMethodException {
        Type listOfOrders = Holder.class.getDeclaredMethod("orders").getGenericReturnType();
        Type optionalAddress = Holder.class.getDeclaredMethod("address").getGenericReturnType();

        assertThat(TypeSchemas.of(listOfOrders).orElseThrow().schema()).isEqualTo(new JsonObject().put("type", "array")
                .put("items", new JsonObject().put("$ref", REFS + PREFIX + "Order")));
        assertThat(TypeSchemas.of(optionalAddress).orElseThrow().schema()).isEqualTo(new JsonObject().put("allOf",
                new JsonArray().add(new JsonObject().put("$ref", REFS + PREFIX + "Address"))).put("nullable", true));
        assertThat(TypeSchemas.of(long.class).orElseThrow().schema().getString("type")).isEqualTo("integer");
        assertThat(TypeSchemas.of(void.class)).isEmpty();
    }

    @Test
    void aRecordCarriesEachTypeAndDefinitionOnceAndWithinItsSizeCap() {
        ServiceRecord.Builder builder = ServiceRecord.builder("shop", "i1", "n1", "eventbus");
        TypeSchemas.describe(builder, Order.class);
        TypeSchemas.describe(builder, Address.class);
        JsonObject huge = new JsonObject().put("description", "x".repeat(ServiceRecord.MAX_SCHEMA_CHARS));
        assertThat(builder.schema("com.example.Huge", huge, new JsonObject())).isFalse();

        ServiceRecord record = ServiceRecord.fromJson(builder.build().toJson());
        assertThat(record.typeSchema(Order.class.getTypeName())).isEqualTo(new JsonObject().put("$ref", REFS + PREFIX + "Order"));
        assertThat(record.typeSchema(Address.class.getTypeName())).isEqualTo(new JsonObject().put("$ref", REFS + PREFIX + "Address"));
        assertThat(record.typeSchema("com.example.Huge")).isNull();
        assertThat(record.schemaDefinitions().fieldNames()).containsExactlyInAnyOrder(PREFIX + "Order", PREFIX + "Address",
                PREFIX + "Size", PREFIX + "Colour");
        assertThat(record.toJson().encode().length()).isLessThan(ServiceRecord.MAX_SCHEMA_CHARS);
    }

    interface Holder {
        List<Order> orders();

        Optional<Address> address();
    }
}
