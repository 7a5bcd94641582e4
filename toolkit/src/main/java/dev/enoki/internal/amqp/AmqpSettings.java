package dev.enoki.internal.amqp;

import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.impl.FrameHandlerFactory;
import dev.enoki.ConfigurationError;
import dev.enoki.EnokiOptions;
import dev.enoki.config.ConfigValues;
import dev.enoki.config.Durations;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The AMQP transport's config, read with the keys Nameko users know: {@code AMQP_URI}, {@code rpc_exchange},
 * {@code serializer}, {@code SERIALIZERS}, {@code ACCEPT}, {@code HEARTBEAT}, {@code AMQP_SSL}, {@code LOGIN_METHOD},
 * {@code AUTO_DELETE_EVENT_EXCHANGES}, {@code DECLARE_EVENT_EXCHANGES}; plus Enoki's {@code max_deliveries},
 * {@code amqp_recovery_interval}, {@code amqp_rpc_hold_limit}, {@code amqp_management_url} and {@code queue_type}.
 * The settings every transport shares ({@code rpc_timeout}, {@code max_message_size}) come from {@link EnokiOptions}.
 */
record AmqpSettings(URI uri, String virtualHost, String rpcExchange, int heartbeatSeconds, AmqpTls tls,
                    Duration rpcTimeout, int maxMessageSize, int maxDeliveries, Duration recoveryInterval,
                    Duration rpcHoldLimit, URI managementUrl, QueueType queueType, LoginMethod loginMethod,
                    EventExchanges eventExchanges) {

    static final String CONTENT_TYPE = "application/json";
    static final String CONTENT_ENCODING = "utf-8";
    /** The client drops the connection on a larger frame; RabbitMQ's own ceiling is 128 MiB by default. */
    static final int CLIENT_INBOUND_LIMIT = 512 * 1024 * 1024;
    /** How often a requeue-on-error handler runs for one event before the event goes to its dead-letter queue. */
    static final int DEFAULT_MAX_DELIVERIES = 5;
    /** The port of RabbitMQ's management plugin over plain HTTP. */
    static final int MANAGEMENT_PORT = 15672;

    /**
     * How event exchanges ({@code <service>.events}) are declared: not at all when {@code DECLARE_EVENT_EXCHANGES}
     * is false (someone else made them), auto-delete when {@code AUTO_DELETE_EVENT_EXCHANGES} is true, as Nameko's.
     */
    record EventExchanges(boolean declare, boolean autoDelete) {
    }

    /** Whether the config asks for RabbitMQ: {@code AMQP_URI} is set. */
    static boolean isSet(JsonObject config) {
        return config.getValue("AMQP_URI") instanceof String uri && !uri.isBlank();
    }

    static AmqpSettings from(JsonObject config, EnokiOptions options) {
        String raw = config.getString("AMQP_URI", "").trim();
        if (raw.isEmpty()) {
            throw new ConfigurationError("AMQP_URI is not set");
        }
        JsonSerializers.check(config);
        URI uri = parseUri(raw);
        AmqpTls tls = tlsOf(uri, config.getValue("AMQP_SSL"));
        if (options.maxMessageSize() > CLIENT_INBOUND_LIMIT) {   // the client drops larger frames
            throw new ConfigurationError("max_message_size must be between 1 and " + CLIENT_INBOUND_LIMIT);
        }
        int maxDeliveries = ConfigValues.integer(config, "max_deliveries", DEFAULT_MAX_DELIVERIES);
        if (maxDeliveries < 1) {
            throw new ConfigurationError("max_deliveries must be at least 1");
        }
        Duration rpcHoldLimit = Durations.fromConfig(config.getValue("amqp_rpc_hold_limit"),
                RpcWindow.DEFAULT_HOLD_LIMIT);
        if (rpcHoldLimit.isNegative() || rpcHoldLimit.isZero()) {
            throw new ConfigurationError("amqp_rpc_hold_limit must be more than 0");
        }
        return new AmqpSettings(uri, virtualHostOf(uri), config.getString("rpc_exchange", "nameko-rpc"),
                ConfigValues.integer(config, "HEARTBEAT", 60), tls, options.rpcTimeout(), options.maxMessageSize(), maxDeliveries,
                Durations.fromConfig(config.getValue("amqp_recovery_interval"), Duration.ofSeconds(1)),
                rpcHoldLimit,
                managementUrlOf(uri, config.getValue("amqp_management_url")),
                QueueType.of(config.getValue("queue_type", System.getenv(QueueType.ENV))),
                loginMethod(config.getValue("LOGIN_METHOD"), tls),
                new EventExchanges(ConfigValues.flag("DECLARE_EVENT_EXCHANGES",
                        config.getValue("DECLARE_EVENT_EXCHANGES"), true),
                        ConfigValues.flag("AUTO_DELETE_EVENT_EXCHANGES",
                                config.getValue("AUTO_DELETE_EVENT_EXCHANGES"), false)));
    }

    /** {@code LOGIN_METHOD: EXTERNAL}: the broker takes the user from the client certificate, so TLS is a must. */
    private static LoginMethod loginMethod(Object value, AmqpTls tls) {
        LoginMethod method = LoginMethod.of(value);
        if (method == LoginMethod.EXTERNAL && tls == null) {
            throw new ConfigurationError("LOGIN_METHOD EXTERNAL needs TLS with a client certificate: an amqps:// "
                    + "AMQP_URI and AMQP_SSL with certfile and keyfile (or key_store)");
        }
        return method;
    }

    /**
     * Where RabbitMQ's management HTTP API is: {@code amqp_management_url} (an {@code http(s)://host:port[/prefix]}
     * URL; {@code off} or {@code false}: none), else the broker's host on port 15672. Null when switched off.
     */
    private static URI managementUrlOf(URI amqp, Object value) {
        if (value == null) {
            String host = amqp.getHost() == null ? "localhost" : amqp.getHost();
            return URI.create("http://" + host + ":" + MANAGEMENT_PORT);
        }
        String text = value.toString().trim();
        if (text.isEmpty() || text.equalsIgnoreCase("off") || text.equalsIgnoreCase("false")) {
            return null;
        }
        try {
            URI url = new URI(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
            if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
                throw new ConfigurationError("amqp_management_url must be an http:// or https:// URL, or off");
            }
            return url;
        } catch (URISyntaxException e) {
            throw new ConfigurationError("amqp_management_url is not a URL (" + e.getReason() + ")");
        }
    }

    /**
     * TLS when the URI is {@code amqps://}, when {@code AMQP_SSL} is {@code true} (the JVM's trust store) or a map
     * ({@link AmqpTls}); null for plain AMQP.
     */
    private static AmqpTls tlsOf(URI uri, Object ssl) {
        if (ssl instanceof JsonObject map) {
            return AmqpTls.of(map);
        }
        if (ssl != null && !(ssl instanceof Boolean)) {
            throw new ConfigurationError("AMQP_SSL must be true, false or a map of TLS settings");
        }
        return "amqps".equals(uri.getScheme()) || Boolean.TRUE.equals(ssl) ? AmqpTls.of(new JsonObject()) : null;
    }

    /** Accepts kombu's spellings too: {@code pyamqp://} and {@code librabbitmq://} are plain AMQP. */
    private static URI parseUri(String raw) {
        String normal = raw.replaceFirst("^(pyamqp|librabbitmq)://", "amqp://");
        try {
            URI uri = new URI(normal);
            if (!"amqp".equals(uri.getScheme()) && !"amqps".equals(uri.getScheme())) {
                throw new ConfigurationError("AMQP_URI must start with amqp:// or amqps://");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigurationError("AMQP_URI is not a URI (" + e.getReason() + ")");
        }
    }

    /** As kombu reads it: no path, {@code /} and {@code //} all mean the default vhost {@code /}. */
    private static String virtualHostOf(URI uri) {
        String path = uri.getRawPath();
        if (path == null || path.isEmpty() || path.equals("/") || path.equals("//")) {
            return "/";
        }
        return URLDecoder.decode(path.substring(1), StandardCharsets.UTF_8);
    }

    /** Host, port and vhost: what may appear in a log line (never the credentials). */
    String endpoint() {
        return hostAndPort() + " vhost " + virtualHost;
    }

    String hostAndPort() {
        return uri.getHost() + ":" + port();
    }

    private int port() {
        if (uri.getPort() > 0) {
            return uri.getPort();
        }
        return "amqps".equals(uri.getScheme()) ? ConnectionFactory.DEFAULT_AMQP_OVER_SSL_PORT
                : ConnectionFactory.DEFAULT_AMQP_PORT;
    }

    /** Deliveries are handled on the reader thread of their connection, without a hop through a pool. */
    private static final DeliverOnReader DELIVER_ON_READER = new DeliverOnReader();

    /**
     * A connection factory with Enoki's defaults: heartbeats, no Nagle, recovery of everything, daemon threads,
     * deliveries handled where they are read, flushes a thread can hold back ({@link FlushDeferringFrameHandler}).
     */
    ConnectionFactory connectionFactory(Vertx vertx, String threadPrefix) {
        ConnectionFactory factory = new ConnectionFactory() {
            @Override
            protected synchronized FrameHandlerFactory createFrameHandlerFactory() throws IOException {
                return FlushDeferringFrameHandler.wrapping(super.createFrameHandlerFactory());
            }
        };
        factory.setHost(uri.getHost() == null ? "localhost" : uri.getHost());
        factory.setPort(port());
        factory.setVirtualHost(virtualHost);
        factory.setUsername(username());
        factory.setPassword(password());
        factory.setSaslConfig(loginMethod.saslConfig());
        factory.setRequestedHeartbeat(heartbeatSeconds);
        factory.setSocketConfigurator(socket -> socket.setTcpNoDelay(true));
        factory.setAutomaticRecoveryEnabled(true);
        factory.setTopologyRecoveryEnabled(true);
        factory.setNetworkRecoveryInterval(recoveryInterval.toMillis());
        factory.setMaxInboundMessageBodySize(CLIENT_INBOUND_LIMIT);
        factory.setThreadFactory(new DaemonThreads(threadPrefix));
        factory.setSharedExecutor(DELIVER_ON_READER);
        if (tls != null) {
            factory.useSslProtocol(tls.context(vertx));
            factory.enableHostnameVerification();
        }
        return factory;
    }

    /** The user of {@code AMQP_URI}; the client's default, guest, when it names none. */
    String username() {
        String userInfo = uri.getRawUserInfo();
        if (userInfo == null) {
            return ConnectionFactory.DEFAULT_USER;
        }
        int colon = userInfo.indexOf(':');
        return decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
    }

    /** The password of {@code AMQP_URI}; the client's default, guest, when it names none. */
    String password() {
        String userInfo = uri.getRawUserInfo();
        int colon = userInfo == null ? -1 : userInfo.indexOf(':');
        return colon < 0 ? ConnectionFactory.DEFAULT_PASS : decode(userInfo.substring(colon + 1));
    }

    private static String decode(String part) {
        return URLDecoder.decode(part, StandardCharsets.UTF_8);
    }

    /** Never the URI: it may hold the password. */
    @Override
    public String toString() {
        return "AmqpSettings(" + endpoint() + (tls == null ? "" : ", TLS") + ")";
    }
}
