package dev.enoki.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code @Http} route as a service record publishes it (under {@code extra.routes}): its methods, path, the
 * service method behind it, its parameters and the address of the node server that serves it.
 *
 * @param address {@code host:port} where the route's node server can be reached
 */
public record HttpRoute(List<String> methods, String path, String function, List<Param> params, String address) {

    /** A method parameter and where it comes from: {@code path}, {@code query}, {@code body} or {@code request}. */
    public record Param(String name, String type, String in) {
    }

    public JsonObject toJson() {
        JsonArray paramsJson = new JsonArray();
        params.forEach(p -> paramsJson.add(new JsonObject().put("name", p.name()).put("type", p.type()).put("in", p.in())));
        return new JsonObject().put("methods", new JsonArray(methods)).put("path", path).put("function", function)
                .put("params", paramsJson).put("address", address);
    }

    public static HttpRoute fromJson(JsonObject json) {
        List<String> methods = new ArrayList<>();
        json.getJsonArray("methods", new JsonArray()).forEach(m -> methods.add(String.valueOf(m)));
        List<Param> params = new ArrayList<>();
        json.getJsonArray("params", new JsonArray()).forEach(o -> {
            JsonObject p = (JsonObject) o;
            params.add(new Param(p.getString("name"), p.getString("type"), p.getString("in")));
        });
        return new HttpRoute(List.copyOf(methods), json.getString("path"), json.getString("function"),
                List.copyOf(params), json.getString("address"));
    }
}
