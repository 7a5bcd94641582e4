package dev.enoki;

import dev.enoki.config.ConfigValues;
import dev.enoki.config.Durations;
import dev.enoki.internal.container.VirtualThreads;
import dev.enoki.internal.registry.Balancer;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Locale;

/**
 * The toolkit's own settings, each with its key, default and check in this one place, and a JSON form
 * ({@link #fromJson}, {@link #toJson}) read from the same config file as everything else. Durations are written
 * {@code 500ms}, {@code 30s}, {@code 2m} or as a number of seconds.
 *
 * <pre>
 * rpc_timeout: 30s            the deadline of a call that sets none (proxies, clients, the event bus)
 * max_message_size: 8388608   larger request, reply and event bodies are refused with a typed error (bytes)
 * max_workers: 10             workers of one container running at once (at least 1)
 * worker_queue_size: 1000     calls that may wait for a worker before new ones get ServiceBusy
 * worker_threads: platform     what blocking workers run on: platform threads, or virtual (Java 21 and later)
 * parent_calls_tracked: 10    call ids kept in the call id stack besides the worker's own
 * shutdown_timeout: 30s       a graceful stop still running after it becomes a kill
 * requeue_delay: 200ms        event bus: how long an event handed back waits before it is delivered again
 * rpc_load_balancing: round_robin   event bus: round_robin or least_outstanding
 * WEB_SERVER_ADDRESS: 0.0.0.0:8000  the node's web server, [host:]port
 * WEB_SERVER_BODY_LIMIT: 1048576    larger HTTP request bodies get 413 (bytes)
 * WEB_SERVER_SHUTDOWN_MILLIS: 30000 how long requests in flight may finish when the web server stops
 * WEB_SERVER_ADVERTISED_ADDRESS     host:port other nodes reach the web server at (default: the bound one)
 * tracing: false              spans for calls, events, ticks and requests through OpenTelemetry (env ENOKI_TRACING)
 * management_address          the node's /metrics and /health/* server, [host:]port (default: none, off)
 * stop_delay: 5s              with management_address: how long a stopping node still works once not ready
 * </pre>
 *
 * The AMQP transport's own keys ({@code AMQP_URI}, {@code HEARTBEAT}, {@code AMQP_SSL}, ...) belong to it and are
 * read there. Keys this class does not know are left to the service ({@link Config}).
 */
public final class EnokiOptions {
    /** Turns tracing on without a config file, as the other settings of a node's environment do. */
    public static final String TRACING_ENV = "ENOKI_TRACING";
    private Duration rpcTimeout = Duration.ofSeconds(30);
    private int maxMessageSize = 8 * 1024 * 1024;
    private int maxWorkers = 10;
    private int workerQueueSize = 1000;
    private boolean virtualWorkerThreads;
    private int parentCallsTracked = 10;
    private Duration shutdownTimeout = Duration.ofSeconds(30);
    private Duration requeueDelay = Duration.ofMillis(200);
    private String rpcLoadBalancing = "round_robin";
    private String webServerAddress = "0.0.0.0:8000";
    private long webServerBodyLimit = 1024L * 1024;
    private Duration webServerShutdownGrace = Duration.ofSeconds(30);
    private String webServerAdvertisedAddress;
    private boolean tracing;
    private String managementAddress;
    private Duration stopDelay = Duration.ofSeconds(5);

    /** The settings in {@code json}, the defaults for keys it lacks; a bad value is a {@link ConfigurationError}. */
    public static EnokiOptions fromJson(JsonObject json) {
        EnokiOptions o = new EnokiOptions();
        o.setRpcTimeout(ConfigValues.duration(json, "rpc_timeout", o.rpcTimeout));
        o.setMaxMessageSize(ConfigValues.wholeNumber(json, "max_message_size", o.maxMessageSize));
        o.setMaxWorkers(ConfigValues.integer(json, "max_workers", o.maxWorkers));
        o.setWorkerQueueSize(ConfigValues.integer(json, "worker_queue_size", o.workerQueueSize));
        o.setWorkerThreads(json.getValue("worker_threads", "platform").toString());
        o.setParentCallsTracked(ConfigValues.integer(json, "parent_calls_tracked", o.parentCallsTracked));
        o.setShutdownTimeout(ConfigValues.duration(json, "shutdown_timeout", o.shutdownTimeout));
        o.setRequeueDelay(ConfigValues.duration(json, "requeue_delay", o.requeueDelay));
        o.setRpcLoadBalancing(json.getValue("rpc_load_balancing", o.rpcLoadBalancing).toString());
        o.setWebServerAddress(json.getValue("WEB_SERVER_ADDRESS", o.webServerAddress).toString());
        o.setWebServerBodyLimit(ConfigValues.wholeNumber(json, "WEB_SERVER_BODY_LIMIT", o.webServerBodyLimit));
        o.setWebServerShutdownGrace(Duration.ofMillis(ConfigValues.wholeNumber(json, "WEB_SERVER_SHUTDOWN_MILLIS",
                o.webServerShutdownGrace.toMillis())));
        Object advertised = json.getValue("WEB_SERVER_ADVERTISED_ADDRESS");
        o.setWebServerAdvertisedAddress(advertised == null ? null : advertised.toString());
        o.setTracing(ConfigValues.flag("tracing", json.getValue("tracing", System.getenv(TRACING_ENV)), false));
        Object management = json.getValue("management_address");
        o.setManagementAddress(management == null ? null : management.toString());
        o.setStopDelay(ConfigValues.duration(json, "stop_delay", o.stopDelay));
        return o;
    }

    /** The settings under their config keys; {@code fromJson(toJson())} gives the same settings back. */
    public JsonObject toJson() {
        JsonObject json = new JsonObject()
                .put("rpc_timeout", Durations.format(rpcTimeout))
                .put("max_message_size", maxMessageSize)
                .put("max_workers", maxWorkers)
                .put("worker_queue_size", workerQueueSize)
                .put("worker_threads", virtualWorkerThreads ? "virtual" : "platform")
                .put("parent_calls_tracked", parentCallsTracked)
                .put("shutdown_timeout", Durations.format(shutdownTimeout))
                .put("requeue_delay", Durations.format(requeueDelay))
                .put("rpc_load_balancing", rpcLoadBalancing)
                .put("WEB_SERVER_ADDRESS", webServerAddress)
                .put("WEB_SERVER_BODY_LIMIT", webServerBodyLimit)
                .put("WEB_SERVER_SHUTDOWN_MILLIS", webServerShutdownGrace.toMillis())
                .put("tracing", tracing)
                .put("stop_delay", Durations.format(stopDelay));
        if (managementAddress != null) {
            json.put("management_address", managementAddress);
        }
        return webServerAdvertisedAddress == null ? json
                : json.put("WEB_SERVER_ADVERTISED_ADDRESS", webServerAdvertisedAddress);
    }

    private static Duration positive(String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new ConfigurationError(key + " must be positive, not " + value);
        }
        return value;
    }

    private static int atLeast(String key, int min, int value) {
        if (value < min) {
            throw new ConfigurationError(key + " must be at least " + min + ", not " + value);
        }
        return value;
    }

    /** The deadline of a call that sets none. */
    public EnokiOptions setRpcTimeout(Duration timeout) {
        this.rpcTimeout = positive("rpc_timeout", timeout);
        return this;
    }

    /** Larger request, reply and event bodies are refused with a typed error; from 1 byte to 2 GiB - 1. */
    public EnokiOptions setMaxMessageSize(long bytes) {
        if (bytes < 1 || bytes > Integer.MAX_VALUE) {
            throw new ConfigurationError("max_message_size must be between 1 and " + Integer.MAX_VALUE);
        }
        this.maxMessageSize = (int) bytes;
        return this;
    }

    public EnokiOptions setMaxWorkers(int workers) {
        this.maxWorkers = atLeast("max_workers", 1, workers);
        return this;
    }

    /** Calls that may wait for a free worker; past them new calls are refused with {@link ServiceBusy}. */
    public EnokiOptions setWorkerQueueSize(int calls) {
        this.workerQueueSize = atLeast("worker_queue_size", 0, calls);
        return this;
    }

    /** How many parent call ids a worker's call id stack keeps, as Nameko's {@code PARENT_CALLS_TRACKED}. */
    /** {@code platform} or {@code virtual}: a virtual thread per blocking worker, on Java 21 and later only. */
    public EnokiOptions setWorkerThreads(String threads) {
        this.virtualWorkerThreads = VirtualThreads.chosen("worker_threads", threads);
        return this;
    }

    public EnokiOptions setParentCallsTracked(int calls) {
        this.parentCallsTracked = atLeast("parent_calls_tracked", 0, calls);
        return this;
    }

    /** A graceful stop still running after this becomes a kill. */
    public EnokiOptions setShutdownTimeout(Duration timeout) {
        this.shutdownTimeout = positive("shutdown_timeout", timeout);
        return this;
    }

    /** Event bus: how long an event handed back waits before it is delivered again. */
    public EnokiOptions setRequeueDelay(Duration delay) {
        if (delay.isNegative()) {
            throw new ConfigurationError("requeue_delay must not be negative, not " + delay);
        }
        this.requeueDelay = delay;
        return this;
    }

    /** Event bus: {@code round_robin} or {@code least_outstanding}. */
    public EnokiOptions setRpcLoadBalancing(String strategy) {
        this.rpcLoadBalancing = Balancer.Strategy.fromConfig(strategy).name().toLowerCase(Locale.ROOT);
        return this;
    }

    /** {@code [host:]port}; a bare port listens on every interface. */
    public EnokiOptions setWebServerAddress(String address) {
        this.webServerAddress = ConfigValues.hostAndPort("WEB_SERVER_ADDRESS", address);
        return this;
    }

    /** The node's {@code /metrics} and {@code /health/*} server, {@code [host:]port}; null or blank: none. */
    public EnokiOptions setManagementAddress(String address) {
        this.managementAddress = address == null || address.isBlank() ? null
                : ConfigValues.hostAndPort("management_address", address);
        return this;
    }

    /** How long a stopping node keeps taking work after its readiness turned 503; zero stops at once. */
    public EnokiOptions setStopDelay(Duration delay) {
        if (delay.isNegative()) {
            throw new ConfigurationError("stop_delay must not be negative, not " + delay);
        }
        this.stopDelay = delay;
        return this;
    }

    /** Larger HTTP request bodies get 413. */
    public EnokiOptions setWebServerBodyLimit(long bytes) {
        this.webServerBodyLimit = bytes;
        return this;
    }

    /** How long requests in flight may finish when the web server stops. */
    public EnokiOptions setWebServerShutdownGrace(Duration grace) {
        if (grace.isNegative()) {
            throw new ConfigurationError("WEB_SERVER_SHUTDOWN_MILLIS must not be negative, not " + grace.toMillis());
        }
        this.webServerShutdownGrace = grace;
        return this;
    }

    /** {@code host:port} other nodes reach the web server at; null or blank: the bound host and port. */
    public EnokiOptions setWebServerAdvertisedAddress(String address) {
        this.webServerAdvertisedAddress = address == null || address.isBlank() ? null : address;
        return this;
    }

    /**
     * Spans for every call, event, tick and request through {@code GlobalOpenTelemetry}, whose SDK the launcher
     * installs. Off: no span code runs at all.
     */
    public EnokiOptions setTracing(boolean tracing) {
        this.tracing = tracing;
        return this;
    }

    public boolean tracing() {
        return tracing;
    }

    public Duration rpcTimeout() {
        return rpcTimeout;
    }

    public int maxMessageSize() {
        return maxMessageSize;
    }

    public int maxWorkers() {
        return maxWorkers;
    }

    /** Whether blocking workers run on virtual threads ({@code worker_threads: virtual}). */
    public boolean virtualWorkerThreads() {
        return virtualWorkerThreads;
    }

    public int workerQueueSize() {
        return workerQueueSize;
    }

    public int parentCallsTracked() {
        return parentCallsTracked;
    }

    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    public Duration requeueDelay() {
        return requeueDelay;
    }

    public String rpcLoadBalancing() {
        return rpcLoadBalancing;
    }

    /** Always {@code host:port}. */
    public String webServerAddress() {
        return webServerAddress;
    }

    public long webServerBodyLimit() {
        return webServerBodyLimit;
    }

    public Duration webServerShutdownGrace() {
        return webServerShutdownGrace;
    }

    /** Null: the bound host and port. */
    public String webServerAdvertisedAddress() {
        return webServerAdvertisedAddress;
    }

    /** Always {@code host:port}, or null when the node has no management server. */
    public String managementAddress() {
        return managementAddress;
    }

    public Duration stopDelay() {
        return stopDelay;
    }
}
