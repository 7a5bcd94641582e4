package dev.enoki.gateway;

import dev.enoki.Blocking;
import dev.enoki.ServiceContainer;
import dev.enoki.registry.LocalRegistry;
import dev.enoki.registry.ServiceRecord;
import dev.enoki.testing.HttpProbe;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records in {@code /openapi.json}: the schemas the service's container worked out and published in its record,
 * read by a gateway on another node that has the record only as JSON text, as a registry carries it.
 */
class OpenApiSchemasTest {
    private static final String SHOP = "#/components/schemas/" + ShopService.class.getName() + ".";

    private static Vertx serviceNode;
    private static Vertx gatewayNode;
    private static JsonObject document;
    private static SwaggerParseResult parsed;

    @BeforeAll
    static void start() {
        serviceNode = Vertx.vertx();
        gatewayNode = Vertx.vertx();
        Blocking.await(new ServiceContainer(ShopService.class, new JsonObject()).start(serviceNode));
        LocalRegistry gatewayRegistry = LocalRegistry.of(gatewayNode);
        Blocking.await(LocalRegistry.of(serviceNode).all())
                .forEach(r -> gatewayRegistry.publish(ServiceRecord.fromJson(new JsonObject(r.toJson().encode()))));
        WebGateway gateway = new WebGateway(new GatewayOptions().setHost("127.0.0.1").setPort(0), new JsonObject())
                .withRegistry(gatewayRegistry);
        Blocking.await(gateway.start(gatewayNode));
        String body = HttpProbe.local(gateway.port()).get("/openapi.json").body();
        document = new JsonObject(body);
        parsed = new OpenAPIV3Parser().readContents(body);
    }

    @AfterAll
    static void stop() {
        Blocking.await(serviceNode.close());
        Blocking.await(gatewayNode.close());
    }

    private static JsonObject component(String simpleName) {
        return document.getJsonObject("components").getJsonObject("schemas")
                .getJsonObject(ShopService.class.getName() + "." + simpleName);
    }

    private static JsonObject operation(String path) {
        return document.getJsonObject("paths").getJsonObject(path).getJsonObject("post");
    }

    private static JsonObject json(JsonObject content) {
        return content.getJsonObject("content").getJsonObject("application/json").getJsonObject("schema");
    }

    @Test
    void aRecordParameterIsItsPropertiesWithNestedRecordsByReference() {
        assertThat(parsed.getMessages()).isEmpty();
        JsonObject named = json(operation("/api/shop/place").getJsonObject("requestBody"))
                .getJsonArray("oneOf").getJsonObject(0);
        assertThat(named.getJsonObject("properties").getJsonObject("order"))
                .isEqualTo(new JsonObject().put("$ref", SHOP + "NewOrder"));

        JsonObject order = component("NewOrder");
        JsonObject props = order.getJsonObject("properties");
        assertThat(props.fieldNames()).containsExactly("customer", "lines", "shipTo", "priority", "tags", "note");
        assertThat(props.getJsonObject("customer").getString("type")).isEqualTo("string");
        assertThat(props.getJsonObject("lines").getString("type")).isEqualTo("array");
        assertThat(props.getJsonObject("lines").getJsonObject("items").getString("$ref")).isEqualTo(SHOP + "Line");
        assertThat(props.getJsonObject("shipTo").getString("$ref")).isEqualTo(SHOP + "Address");
        assertThat(props.getJsonObject("priority").getString("$ref")).isEqualTo(SHOP + "Priority");
        assertThat(props.getJsonObject("tags").getJsonObject("additionalProperties").getString("type")).isEqualTo("string");
        assertThat(props.getJsonObject("note").getBoolean("nullable")).isTrue();

        assertThat(component("Address").getJsonObject("properties").getJsonObject("city").getString("type")).isEqualTo("string");
        assertThat(component("Line").getJsonObject("properties").getJsonObject("quantity").getString("type")).isEqualTo("integer");
        assertThat(component("Line").getJsonArray("required")).isEqualTo(new JsonArray().add("quantity"));
        assertThat(component("Priority").getJsonArray("enum")).isEqualTo(new JsonArray().add("NORMAL").add("EXPRESS"));
        // The parsed model resolves the same reference
        assertThat(parsed.getOpenAPI().getComponents().getSchemas().get(ShopService.class.getName() + ".NewOrder")
                .getProperties()).containsKeys("customer", "shipTo");
    }

    @Test
    void resultsAndCyclesAreDescribedToo() {
        JsonObject ok = operation("/api/shop/place").getJsonObject("responses").getJsonObject("200");
        assertThat(json(ok)).isEqualTo(new JsonObject().put("$ref", SHOP + "Receipt"));
        assertThat(component("Receipt").getJsonObject("properties").getJsonObject("order").getString("$ref"))
                .isEqualTo(SHOP + "NewOrder");

        JsonObject children = component("Category").getJsonObject("properties").getJsonObject("children");
        assertThat(children.getJsonObject("items").getString("$ref")).isEqualTo(SHOP + "Category");
        JsonObject root = json(operation("/api/shop/catalog").getJsonObject("requestBody"))
                .getJsonArray("oneOf").getJsonObject(0);
        assertThat(root.getJsonObject("properties").getJsonObject("root").getBoolean("nullable")).isTrue();
        assertThat(root.containsKey("required")).isFalse();
    }
}
