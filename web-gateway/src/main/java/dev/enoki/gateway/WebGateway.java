package dev.enoki.gateway;

import dev.enoki.EnokiOptions;
import dev.enoki.http.HttpContextData;
import dev.enoki.http.HttpReply;
import dev.enoki.http.PortInUse;
import dev.enoki.registry.RegistryFactory;
import dev.enoki.registry.ServiceRegistry;
import dev.enoki.transport.Transport;
import dev.enoki.transport.TransportFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.micrometer.backends.BackendRegistries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP front door of an Enoki cluster, a verticle: every RPC method as {@code POST /api/{service}/{method}},
 * every {@code @Http} route of every node, the registry ({@code /api/services}, {@code /openapi.json}), health,
 * Prometheus metrics and a web console at {@code /}; {@code /ws} relays websockets to the nodes' {@code @WsRpc}. Calls go through the toolkit's transport and registry, made
 * from {@code config} as a container's would be.
 *
 * <pre>{@code
 * WebGateway gateway = new WebGateway(new GatewayOptions().setPort(8080), config);
 * gateway.start(vertx).await();
 * }</pre>
 */
public final class WebGateway implements Deployable {
    private static final Logger log = LoggerFactory.getLogger(WebGateway.class);
    /**
     * Vert.x shares a random port among servers that listen on the same negative port (port 0 is never shared), so
     * each gateway asked for port 0 takes a negative port no other gateway uses.
     */
    private static final AtomicInteger SHARED_RANDOM_PORTS = new AtomicInteger(-1000);

    private final GatewayOptions options;
    private final JsonObject config;
    private TokenVerifier verifier;
    private ServiceRegistry registry;
    private PrometheusMeterRegistry meters;
    /** Whether this gateway put its registry in the global one, and so takes it out again. */
    private boolean joinedGlobalRegistry;
    private Vertx vertx;
    private Transport transport;
    private final List<GatewayServer> servers = new ArrayList<>();
    private HttpClient client;
    private WebSocketClient webSocketClient;
    private String deploymentId;

    public WebGateway(GatewayOptions options, JsonObject config) {
        this.options = options;
        this.config = config.copy();
    }

    /** Checks bearer tokens with {@code verifier} instead of the options' JWT settings. */
    public WebGateway withTokenVerifier(TokenVerifier verifier) {
        this.verifier = verifier;
        return this;
    }

    /** Reads services from {@code registry} instead of the one the config makes. */
    public WebGateway withRegistry(ServiceRegistry registry) {
        this.registry = registry;
        return this;
    }

    /**
     * Publishes metrics in {@code meters}; by default the Vert.x instance's Prometheus registry, or a new one. Either
     * way it joins Micrometer's global registry while the gateway runs, so {@code /metrics} also shows what this
     * process's containers record (their calls, workers and events).
     */
    public WebGateway withMeterRegistry(PrometheusMeterRegistry meters) {
        this.meters = meters;
        return this;
    }

    public Future<Void> start(Vertx vertx) {
        return vertx.deployVerticle(this).mapEmpty();
    }

    public Future<Void> stop() {
        return deploymentId == null ? Future.succeededFuture() : vertx.undeploy(deploymentId);
    }

    /** The port the gateway listens on. */
    public int port() {
        return servers.get(0).port();
    }

    @Override
    public Future<?> deploy(Context context) {
        vertx = context.owner();
        deploymentId = context.deploymentID();
        if (registry == null) {
            registry = RegistryFactory.forVertx(vertx, config);
        }
        if (verifier == null && options.jwt() != null) {
            verifier = new JwtTokenVerifier(vertx, new JWTAuthOptions(options.jwt()));
        }
        transport = TransportFactory.forConfig(config).create(vertx, config, registry, "web_gateway");
        client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(64));
        webSocketClient = vertx.createWebSocketClient();
        return transport.start()
                .compose(v -> vertx.executeBlocking(() -> resource("webroot/index.html")))
                .compose(this::listen)
                .onSuccess(v -> log.info("web gateway listening on {}://{}:{} ({} servers)",
                        options.tls() == null ? "http" : "https", options.host(), port(), servers.size()));
    }

    /** Deploys the HTTP servers as child deployments, so they are undeployed, and drained, before the transport stops. */
    private Future<?> listen(Buffer consolePage) {
        int port = options.port() == 0 ? SHARED_RANDOM_PORTS.decrementAndGet() : options.port();
        Handlers handlers = new Handlers();
        return vertx.deployVerticle(() -> {
            GatewayServer server = new GatewayServer(serverOptions(), options.host(), port, () -> router(consolePage, handlers));
            synchronized (servers) {
                servers.add(server);
            }
            return server;
        }, new DeploymentOptions().setInstances(options.instances())).recover(e -> Future.failedFuture(
                PortInUse.explain(e, options.host() + ":" + port, "set the gateway's port to a free one")));
    }

    /** With TLS the port speaks HTTPS only: a plain HTTP request there gets no answer. */
    private HttpServerOptions serverOptions() {
        HttpServerOptions server = new HttpServerOptions();
        KeyCertOptions tls = options.tls();
        if (tls != null) {
            server.setSsl(true).setKeyCertOptions(tls);
        }
        return server;
    }

    @Override
    public Future<?> undeploy(Context context) {
        if (joinedGlobalRegistry) {
            Metrics.removeRegistry(meters);
        }
        return transport.stop().eventually(client::close).eventually(webSocketClient::close);
    }

    /** The handlers every server's router shares: their bounds and counters are the gateway's, not a server's. */
    private final class Handlers {
        final RateLimit rateLimit = options.ratePerSecond() > 0 ? new RateLimit(options.ratePerSecond(), options.rateBurst()) : null;
        final BearerAuth auth = verifier != null ? new BearerAuth(verifier, options.publicPaths()) : null;
        final boolean traced = EnokiOptions.fromJson(config).tracing();
        // Only requests that reach a service are traced: no spans for health probes, metrics or the console
        final GatewaySpans spans = traced ? new GatewaySpans() : null;
        final RpcRoute rpc = new RpcRoute(options, registry, transport, new GatewayMetrics(meters()), traced);
        final RouteForwarder forwarder = new RouteForwarder(registry, client, options, traced);
        final NodeOverview nodes = new NodeOverview(registry, client);
        final WebSocketRelay webSockets = new WebSocketRelay(registry, webSocketClient);
    }

    private Router router(Buffer consolePage, Handlers handlers) {
        Router router = Router.router(vertx);
        router.get("/ws").handler(WebSocketRelay::holdHandshake);
        router.route().handler(GatewayContext::begin);
        if (!options.corsOrigins().isEmpty()) {
            router.route().handler(cors());
        }
        if (handlers.rateLimit != null) {
            router.route().handler(handlers.rateLimit);
        }
        if (handlers.auth != null) {
            router.route().handler(handlers.auth);
        }
        router.route().handler(BodyHandler.create(false).setBodyLimit(options.bodyLimit()));
        new GatewayHealth(vertx, registry, transport).mount(router);
        router.get("/metrics").handler(PrometheusScrapingHandler.create(meters()));
        router.get("/openapi.json").handler(ctx -> registry.all()
                .onSuccess(records -> ctx.json(OpenApiDocument.of(records))).onFailure(ctx::fail));
        router.get("/api/nodes").handler(handlers.nodes);
        router.get("/api/services").handler(ctx -> registry.all()
                .compose(records -> registry.eventQueues()
                        .map(queues -> ServiceCatalog.of(records).put("eventQueues", queues)))
                .onSuccess(ctx::json).onFailure(ctx::fail));
        if (handlers.spans != null) {
            router.post("/api/:service/:method").handler(handlers.spans);
        }
        router.post("/api/:service/:method").handler(handlers.rpc);
        router.route("/api/:service/:method").handler(ctx -> HttpReply.ofError(405, "MethodNotAllowed",
                "call methods with POST").withHeader("Allow", "POST").writeTo(ctx.response()));
        router.get("/").handler(ctx -> ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").end(consolePage));
        router.route("/console/*").handler(StaticHandler.create("webroot"));
        router.get("/ws").handler(handlers.webSockets);
        if (handlers.spans != null) {
            router.route().handler(handlers.spans);   // what falls through to a node's @Http route
        }
        router.route().handler(handlers.forwarder);
        router.errorHandler(413, ctx -> HttpReply.ofError(413, "PayloadTooLarge",
                "the request body is larger than " + options.bodyLimit() + " bytes").writeTo(ctx.response()));
        router.errorHandler(404, ctx -> HttpReply.ofError(404, "NotFound", "no route for " + ctx.request().path())
                .writeTo(ctx.response()));
        router.errorHandler(500, ctx -> {
            log.error("gateway request {} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
            HttpReply.ofError(500, "InternalServerError", "the request could not be handled").writeTo(ctx.response());
        });
        return router;
    }

    private CorsHandler cors() {
        CorsHandler cors = CorsHandler.create();
        if (!options.corsOrigins().contains("*")) {
            cors.addOrigins(options.corsOrigins());
        }
        return cors.allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE,
                        HttpMethod.PATCH, HttpMethod.OPTIONS))
                .allowedHeaders(Set.of("Authorization", "Content-Type", "Accept-Language", HttpContextData.CALL_ID_HEADER))
                .exposedHeaders(Set.of(HttpContextData.CALL_ID_HEADER, "Retry-After"));
    }

    private synchronized PrometheusMeterRegistry meters() {
        if (meters == null) {
            MeterRegistry vertxMeters = BackendRegistries.getDefaultNow();
            meters = vertxMeters instanceof PrometheusMeterRegistry p ? p : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        }
        if (!Metrics.globalRegistry.getRegistries().contains(meters)) {
            Metrics.addRegistry(meters);
            joinedGlobalRegistry = true;
        }
        return meters;
    }

    private static Buffer resource(String name) {
        try (InputStream in = WebGateway.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the class path");
            }
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
