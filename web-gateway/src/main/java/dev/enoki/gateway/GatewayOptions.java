package dev.enoki.gateway;

import dev.enoki.ConfigurationError;
import dev.enoki.config.ConfigValues;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.KeyStoreOptions;
import io.vertx.core.net.PemKeyCertOptions;

import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The gateway's settings, with their defaults in one place and a JSON form ({@link #fromJson}) for config files:
 *
 * <pre>
 * host: 0.0.0.0            port: 8080             body_limit: 1048576     max_json_depth: 32
 * instances: (the number of cores)                (HTTP servers sharing the port, an event loop each)
 * timeout: 30s             timeouts: {"orders.create": "5s", "reports": "2m"}
 * max_in_flight_per_service: 256
 * rate_limit: {per_second: 0, burst: 0}           (0: no limit)
 * cors: {origins: ["https://shop.example"]}       (none: no CORS headers)
 * jwt: {JWTAuthOptions JSON}                     (none: no built-in bearer check)
 * public_paths: ["/", "/console/*", "/health/*", "/metrics", "/openapi.json"]
 * tls: {certfile: server.pem, keyfile: server.key}     (none: plain HTTP)
 *   or {key_store: server.p12, key_store_password: ..., key_store_type: PKCS12}
 * </pre>
 */
public final class GatewayOptions {
    private String host = "0.0.0.0";
    private int port = 8080;
    private int instances = Runtime.getRuntime().availableProcessors();
    private long bodyLimit = 1024L * 1024;
    private int maxJsonDepth = 32;
    private Duration timeout = Duration.ofSeconds(30);
    private final Map<String, Duration> timeouts = new HashMap<>();
    private int maxInFlightPerService = 256;
    private double ratePerSecond;
    private int rateBurst;
    private List<String> corsOrigins = List.of();
    private JsonObject jwt;
    private List<String> publicPaths = List.of("/", "/console/*", "/health/*", "/metrics", "/openapi.json");
    private KeyCertOptions tls;

    /** The config's {@code gateway} section; a wrong value is a {@link ConfigurationError} naming its key. */
    public static GatewayOptions fromJson(JsonObject json) {
        try {
            return read(json);
        } catch (ConfigurationError e) {
            throw new ConfigurationError("gateway." + e.getMessage(), e);
        } catch (ClassCastException e) {
            throw new ConfigurationError("gateway: a value of the wrong type (" + e.getMessage() + ")", e);
        }
    }

    private static GatewayOptions read(JsonObject json) {
        GatewayOptions o = new GatewayOptions();
        o.host = json.getString("host", o.host);
        o.port = ConfigValues.integer(json, "port", o.port);
        o.instances = ConfigValues.integer(json, "instances", o.instances);
        o.bodyLimit = ConfigValues.wholeNumber(json, "body_limit", o.bodyLimit);
        o.maxJsonDepth = ConfigValues.integer(json, "max_json_depth", o.maxJsonDepth);
        o.timeout = ConfigValues.duration(json, "timeout", o.timeout);
        JsonObject timeouts = json.getJsonObject("timeouts", new JsonObject());
        timeouts.fieldNames().forEach(route -> o.timeouts.put(route, ConfigValues.duration(timeouts, route, o.timeout)));
        o.maxInFlightPerService = ConfigValues.integer(json, "max_in_flight_per_service", o.maxInFlightPerService);
        JsonObject rate = json.getJsonObject("rate_limit", new JsonObject());
        try {
            o.ratePerSecond = ConfigValues.decimal(rate, "per_second", 0.0);
            o.rateBurst = ConfigValues.integer(rate, "burst", (int) Math.ceil(o.ratePerSecond));
        } catch (ConfigurationError e) {
            throw new ConfigurationError("rate_limit." + e.getMessage(), e);
        }
        o.corsOrigins = strings(json.getJsonObject("cors", new JsonObject()).getJsonArray("origins"), List.of());
        o.jwt = json.getJsonObject("jwt");
        o.publicPaths = strings(json.getJsonArray("public_paths"), o.publicPaths);
        JsonObject tls = json.getJsonObject("tls");
        if (tls != null) {
            o.tls = tlsOf(tls);
        }
        return o;
    }

    private static KeyCertOptions tlsOf(JsonObject tls) {
        if (tls.containsKey("certfile") && tls.containsKey("keyfile")) {
            return new PemKeyCertOptions().setCertPath(tls.getString("certfile")).setKeyPath(tls.getString("keyfile"));
        }
        if (tls.containsKey("key_store")) {
            return new KeyStoreOptions().setPath(tls.getString("key_store"))
                    .setPassword(tls.getString("key_store_password", ""))
                    .setType(tls.getString("key_store_type", KeyStore.getDefaultType()));
        }
        throw new ConfigurationError("tls needs certfile and keyfile (PEM), or key_store");
    }

    private static List<String> strings(JsonArray array, List<String> fallback) {
        if (array == null) {
            return fallback;
        }
        List<String> list = new ArrayList<>();
        array.forEach(v -> list.add(String.valueOf(v)));
        return List.copyOf(list);
    }

    public GatewayOptions setHost(String host) {
        this.host = host;
        return this;
    }

    public GatewayOptions setPort(int port) {
        this.port = port;
        return this;
    }

    /** How many HTTP servers share the port, each on an event loop of its own; at least 1. */
    public GatewayOptions setInstances(int instances) {
        this.instances = instances;
        return this;
    }

    /** Larger request bodies get 413. */
    public GatewayOptions setBodyLimit(long bytes) {
        this.bodyLimit = bytes;
        return this;
    }

    /** Deeper JSON bodies get 400. */
    public GatewayOptions setMaxJsonDepth(int depth) {
        this.maxJsonDepth = depth;
        return this;
    }

    /** The deadline of a call with no timeout of its own; past it the gateway answers 504. */
    public GatewayOptions setTimeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    /** A deadline for one route: {@code "service.method"} (or a whole {@code "service"}). */
    public GatewayOptions setTimeout(String route, Duration timeout) {
        this.timeouts.put(route, timeout);
        return this;
    }

    /** At most this many calls to one service at once; more get 503. */
    public GatewayOptions setMaxInFlightPerService(int max) {
        this.maxInFlightPerService = max;
        return this;
    }

    /** Each client (by address) may make {@code perSecond} requests a second, in bursts of {@code burst}; 0: no limit. */
    public GatewayOptions setRateLimit(double perSecond, int burst) {
        this.ratePerSecond = perSecond;
        this.rateBurst = burst;
        return this;
    }

    /** Origins allowed by CORS; {@code "*"} allows any. */
    public GatewayOptions setCorsOrigins(List<String> origins) {
        this.corsOrigins = List.copyOf(origins);
        return this;
    }

    /** Checks bearer tokens as JWTs with these {@code JWTAuthOptions}. */
    public GatewayOptions setJwt(JsonObject jwtAuthOptions) {
        this.jwt = jwtAuthOptions;
        return this;
    }

    /** Paths (a trailing {@code *} matches a prefix) open without a token. */
    public GatewayOptions setPublicPaths(List<String> paths) {
        this.publicPaths = List.copyOf(paths);
        return this;
    }

    /** Serves HTTPS only, with this PEM certificate chain and private key (PKCS#8 or PKCS#1). */
    public GatewayOptions setTlsPem(String certPath, String keyPath) {
        this.tls = new PemKeyCertOptions().setCertPath(certPath).setKeyPath(keyPath);
        return this;
    }

    /** Serves HTTPS only, with the key and certificate of this key store. */
    public GatewayOptions setTlsKeyStore(String path, String password, String type) {
        this.tls = new KeyStoreOptions().setPath(path).setPassword(password).setType(type);
        return this;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public int instances() {
        return Math.max(1, instances);
    }

    public long bodyLimit() {
        return bodyLimit;
    }

    public int maxJsonDepth() {
        return maxJsonDepth;
    }

    /** The deadline for {@code service.method}: its own, its service's, or the default. */
    public Duration timeoutFor(String service, String method) {
        Duration own = timeouts.get(service + "." + method);
        return own != null ? own : timeouts.getOrDefault(service, timeout);
    }

    public int maxInFlightPerService() {
        return maxInFlightPerService;
    }

    public double ratePerSecond() {
        return ratePerSecond;
    }

    public int rateBurst() {
        return Math.max(1, rateBurst);
    }

    public List<String> corsOrigins() {
        return corsOrigins;
    }

    public JsonObject jwt() {
        return jwt;
    }

    public List<String> publicPaths() {
        return publicPaths;
    }

    /** The server's key and certificate; null for plain HTTP. */
    public KeyCertOptions tls() {
        return tls == null ? null : tls.copy();
    }
}
