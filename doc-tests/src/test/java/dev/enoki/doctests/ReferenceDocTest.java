package dev.enoki.doctests;

import dev.enoki.EnokiOptions;
import dev.enoki.config.Durations;
import dev.enoki.database.DatabaseOptions;
import dev.enoki.redis.RedisSettings;
import dev.enoki.discovery.ClusterOptions;
import dev.enoki.discovery.DiscoveryOptions;
import dev.enoki.discovery.LeaseTerm;
import dev.enoki.gateway.GatewayOptions;
import dev.enoki.internal.resilience.BreakerOptions;
import dev.enoki.internal.resilience.CallPolicies;
import dev.enoki.internal.resilience.RetryOptions;
import io.github.classgraph.ClassGraph;
import io.github.classgraph.ScanResult;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/reference.md against the code: every annotation of {@code dev.enoki} with each of its options, their types
 * and defaults read by reflection; every config key the options classes read (found in their source) with the
 * defaults their objects hold. A new option, key or a changed default fails here until the page says it.
 */
class ReferenceDocTest {
    /** A config key read in an options class: {@code json.getString("host"}, {@code text(c, "name", env, ...}. */
    private static final Pattern KEY_READ = Pattern.compile(
            "(?:get\\w*|text|number|duration|wholeNumber|whole|integer|decimal|containsKey)\\((?:\\w+, )?\"([A-Za-z_][\\w.]*)\"");
    private static final Pattern ENV_NAME = Pattern.compile("\"(ENOKI_[A-Z_]+)\"");

    private final ReferencePage page = new ReferencePage();
    private final List<String> problems = new ArrayList<>();

    @Test
    void everyAnnotationOptionIsDocumentedWithItsTypeAndDefault() throws Exception {
        List<Class<?>> annotations = annotationsOfTheApi();
        assertThat(annotations).extracting(Class::getSimpleName)
                .contains("Service", "Rpc", "EventHandler", "Timer", "Http", "RpcProxy", "EventDispatcher", "Config",
                        "ContextData");
        for (Class<?> annotation : annotations) {
            List<String> section = page.section("`@" + annotation.getSimpleName() + "`");
            for (Method option : annotation.getDeclaredMethods()) {
                ReferencePage.row(section, option.getName()).ifPresentOrElse(cells -> {
                    expect(annotation, option, "type", cells.get(1), "`" + typeOf(option) + "`");
                    expect(annotation, option, "default", cells.get(2), defaultOf(option));
                }, () -> problems.add("@" + annotation.getSimpleName() + "." + option.getName() + " has no row"));
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyToolkitKeyIsDocumentedWithItsDefault() throws Exception {
        List<String> section = page.section("`EnokiOptions`");
        new EnokiOptions().toJson().forEach(e -> expectKey(section, e.getKey(), "`" + e.getValue() + "`"));
        keysReadIn("toolkit/src/main/java/dev/enoki/EnokiOptions.java").forEach(key -> expectKey(section, key, null));
        assertThat(problems).isEmpty();
    }

    @Test
    void everyRabbitMqKeyIsDocumentedWithItsDefault() throws Exception {
        List<String> section = page.section("`AmqpSettings`");
        Object settings = amqpSettings(new JsonObject().put("AMQP_URI", "amqp://localhost"));
        expectKey(section, "rpc_exchange", "`" + accessor(settings, "rpcExchange") + "`");
        expectKey(section, "HEARTBEAT", "`" + accessor(settings, "heartbeatSeconds") + "`");
        expectKey(section, "max_deliveries", "`" + accessor(settings, "maxDeliveries") + "`");
        expectKey(section, "amqp_recovery_interval",
                "`" + Durations.format((Duration) accessor(settings, "recoveryInterval")) + "`");
        expectKey(section, "serializer", "`json`");
        keysReadIn("toolkit/src/main/java/dev/enoki/internal/amqp/AmqpSettings.java")
                .forEach(key -> expectKey(section, key, null));
        List<String> tls = page.section("`AMQP_SSL`");
        for (Object key : (Set<?>) staticField("dev.enoki.internal.amqp.AmqpTls", "KEYS")) {
            expectKey(tls, key.toString(), null);
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyDiscoveryAndClusterKeyIsDocumentedWithItsDefault() throws Exception {
        List<String> discovery = page.section("`DiscoveryOptions`");
        DiscoveryOptions d = DiscoveryOptions.fromConfig(new JsonObject(), Map.of());
        expectKey(discovery, "discovery.ttl", "`" + Durations.format(d.ttl()) + "`");
        expectKey(discovery, "discovery.heartbeat", "`" + Durations.format(d.heartbeat()) + "`");
        envNamesIn("discovery/src/main/java/dev/enoki/discovery/DiscoveryOptions.java")
                .forEach(name -> expectMention(discovery, name));
        expectKey(discovery, "discovery.singleton_lease", "`" + Durations.format(LeaseTerm.DEFAULT) + "`");
        envNamesIn("discovery/src/main/java/dev/enoki/discovery/LeaseTerm.java")
                .forEach(name -> expectMention(discovery, name));

        List<String> cluster = page.section("`ClusterOptions`");
        ClusterOptions c = ClusterOptions.fromConfig(new JsonObject(), Map.of());
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("cluster.name", c.name());
        defaults.put("cluster.members", String.join(",", c.members()));
        defaults.put("cluster.port", c.port());
        defaults.put("cluster.port_auto_increment", c.portAutoIncrement());
        defaults.put("cluster.public_port", c.publicPort());
        defaults.put("cluster.eventbus_port", c.eventBusPort());
        defaults.put("cluster.eventbus_public_port", c.eventBusPublicPort());
        defaults.put("cluster.eventbus_ping_interval", Durations.format(c.eventBusPingInterval()));
        defaults.put("cluster.failure_timeout", Durations.format(c.failureTimeout()));
        defaults.put("cluster.merge_interval", Durations.format(c.mergeInterval()));
        defaults.put("cluster.event_queue_size", c.eventQueueSize());
        defaults.forEach((key, value) -> expectKey(cluster, key, "`" + value + "`"));
        keysReadIn("discovery/src/main/java/dev/enoki/discovery/ClusterOptions.java").stream()
                .filter(key -> !key.equals("cluster") && !key.startsWith("ENOKI_"))   // the section; env names
                .forEach(key -> expectKey(cluster, "cluster." + key, null));
        envNamesIn("discovery/src/main/java/dev/enoki/discovery/ClusterOptions.java")
                .forEach(name -> expectMention(cluster, name));
        assertThat(problems).isEmpty();
    }

    @Test
    void everyEventQueueKeyIsDocumentedWithItsDefault() throws Exception {
        String factory = "dev.enoki.discovery.HazelcastEventQueuesFactory";
        List<String> section = page.section("`HazelcastEventQueuesFactory`");
        expectKey(section, "max_deliveries", "`" + staticField(factory, "DEFAULT_MAX_DELIVERIES") + "`");
        keysReadIn("discovery/src/main/java/dev/enoki/discovery/HazelcastEventQueuesFactory.java")
                .forEach(key -> expectKey(section, key, null));
        assertThat(problems).isEmpty();
    }

    @Test
    void everyGatewayKeyIsDocumentedWithItsDefault() throws Exception {
        List<String> section = page.section("`GatewayOptions`");
        GatewayOptions g = GatewayOptions.fromJson(new JsonObject());
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("gateway.host", g.host());
        defaults.put("gateway.port", g.port());
        defaults.put("gateway.body_limit", g.bodyLimit());
        defaults.put("gateway.max_json_depth", g.maxJsonDepth());
        defaults.put("gateway.timeout", Durations.format(g.timeoutFor("any", "method")));
        defaults.put("gateway.max_in_flight_per_service", g.maxInFlightPerService());
        defaults.put("gateway.public_paths", String.join(", ", g.publicPaths()));
        defaults.forEach((key, value) -> expectKey(section, key, "`" + value + "`"));
        // Nested keys (rate_limit.per_second, tls.certfile) are read one level at a time: each level is named
        keysReadIn("web-gateway/src/main/java/dev/enoki/gateway/GatewayOptions.java").forEach(key -> expectMention(
                section, Pattern.compile("`gateway\\.(?:\\w+\\.)*" + Pattern.quote(key) + "[`.]")));
        assertThat(problems).isEmpty();
    }

    @Test
    void everyCallPolicyKeyIsDocumentedWithItsDefault() throws Exception {
        List<String> section = page.section("`CallPolicies`");
        BreakerOptions b = BreakerOptions.defaults();
        RetryOptions r = RetryOptions.defaults();
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("circuit_breaker.enabled", b.enabled());
        defaults.put("circuit_breaker.failure_rate", Math.round(b.failureRate()));
        defaults.put("circuit_breaker.minimum_calls", b.minimumCalls());
        defaults.put("circuit_breaker.window", Durations.format(b.window()));
        defaults.put("circuit_breaker.open_for", Durations.format(b.openFor()));
        defaults.put("circuit_breaker.half_open_calls", b.halfOpenCalls());
        defaults.put("retry.attempts", r.attempts());
        defaults.put("retry.base_delay", Durations.format(r.baseDelay()));
        defaults.put("retry.max_delay", Durations.format(r.maxDelay()));
        defaults.put("bulkhead.max_in_flight", 0);
        defaults.forEach((key, value) -> expectKey(section, key, "`" + value + "`"));
        Map<String, String> sections = Map.of("BreakerOptions", BreakerOptions.SECTION, "RetryOptions",
                RetryOptions.SECTION, "CallPolicies", CallPolicies.BULKHEAD);
        for (Map.Entry<String, String> file : sections.entrySet()) {
            keysReadIn("toolkit/src/main/java/dev/enoki/internal/resilience/" + file.getKey() + ".java")
                    .forEach(key -> expectKey(section, file.getValue() + "." + key, null));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyDatabaseKeyIsDocumentedWithItsDefault() throws Exception {
        List<String> section = page.section("`DatabaseOptions`");
        DatabaseOptions d = DatabaseOptions.fromConfig(new JsonObject(), Map.of(), "s", 10);
        expectKey(section, "database.pool_size", "`max_workers`");
        expectKey(section, "database.connection_timeout", "`" + Durations.format(d.connectionTimeout()) + "`");
        expectKey(section, "database.exactly_once_retention", "`" + d.exactlyOnceRetention().toDays() + "d`");
        keysReadIn("database/src/main/java/dev/enoki/database/DatabaseOptions.java").stream()
                .filter(key -> !key.startsWith("ENOKI_"))   // env names, checked below
                .forEach(key -> expectKey(section, DatabaseOptions.SECTION + "." + key, null));
        envNamesIn("database/src/main/java/dev/enoki/database/DatabaseOptions.java")
                .forEach(name -> expectMention(section, name));
        assertThat(problems).isEmpty();
    }

    @Test
    void everyRedisKeyIsDocumentedWithItsDefault() throws Exception {
        List<String> section = page.section("`RedisSettings`");
        expectKey(section, "redis.url", "`" + RedisSettings.fromConfig(new JsonObject(), Map.of(), 10).url() + "`");
        expectKey(section, "redis.pool_size", "`max_workers`");
        keysReadIn("redis/src/main/java/dev/enoki/redis/RedisSettings.java").stream()
                .filter(key -> !key.startsWith("ENOKI_"))
                .forEach(key -> expectKey(section, RedisSettings.SECTION + "." + key, null));
        envNamesIn("redis/src/main/java/dev/enoki/redis/RedisSettings.java")
                .forEach(name -> expectMention(section, name));
        assertThat(problems).isEmpty();
    }

    @Test
    void thePageSaysUnknownJsonFieldsAreIgnored() {
        assertThat(Markdown.read(ReferencePage.PATH)).contains("tolerant reader").contains("ignored");
    }

    private List<Class<?>> annotationsOfTheApi() {
        try (ScanResult scan = new ClassGraph().enableClassInfo().enableAnnotationInfo().acceptPackagesNonRecursive("dev.enoki").scan()) {
            return scan.getAllAnnotations().filter(c -> c.isPublic()).loadClasses().stream()
                    .sorted(Comparator.comparing(Class::getSimpleName)).toList();
        }
    }

    private void expect(Class<?> annotation, Method option, String what, String written, String actual) {
        if (!written.equals(actual)) {
            problems.add("@" + annotation.getSimpleName() + "." + option.getName() + ": the page says " + what + " "
                    + written + ", the code " + actual);
        }
    }

    /** A row for {@code key}, with {@code defaultCell} in its second cell unless that is null. */
    private void expectKey(List<String> section, String key, String defaultCell) {
        ReferencePage.row(section, key).ifPresentOrElse(cells -> {
            if (defaultCell != null && !cells.get(1).equals(defaultCell)) {
                problems.add(key + ": the page says default " + cells.get(1) + ", the code " + defaultCell);
            }
        }, () -> problems.add("config key " + key + " has no row"));
    }

    private void expectMention(List<String> section, String text) {
        expectMention(section, Pattern.compile(Pattern.quote(text)));
    }

    private void expectMention(List<String> section, Pattern text) {
        if (section.stream().noneMatch(l -> text.matcher(l).find())) {
            problems.add(text + " is not mentioned in its section");
        }
    }

    private static String typeOf(Method option) {
        return option.getGenericReturnType().getTypeName().replaceAll("\\b[a-z][\\w]*\\.", "").replace('$', '.');
    }

    /** As the page writes it: {@code `"x"`}, {@code `false`}, {@code `{}`}, {@code `SERVICE_POOL`}, or required. */
    private static String defaultOf(Method option) {
        Object value = option.getDefaultValue();
        if (value == null) {
            return "required";
        }
        if (value instanceof String s) {
            return "`\"" + s + "\"`";
        }
        if (value.getClass().isArray()) {
            List<String> items = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                Object item = Array.get(value, i);
                items.add(item instanceof Class<?> c ? c.getSimpleName() + ".class" : String.valueOf(item));
            }
            return "`{" + String.join(", ", items) + "}`";
        }
        return "`" + value + "`";
    }

    private static Set<String> keysReadIn(String source) throws Exception {
        return matches(source, KEY_READ);
    }

    private static Set<String> envNamesIn(String source) throws Exception {
        return matches(source, ENV_NAME);
    }

    private static Set<String> matches(String source, Pattern pattern) throws Exception {
        Matcher m = pattern.matcher(Files.readString(Markdown.root().resolve(source)));
        Set<String> found = new TreeSet<>();
        while (m.find()) {
            found.add(m.group(1));
        }
        assertThat(found).as("keys read in " + source).isNotEmpty();
        return found;
    }

    /** The transport's settings are internal: reached by reflection, as the page documents their keys only. */
    private static Object amqpSettings(JsonObject config) throws Exception {
        Method from = Class.forName("dev.enoki.internal.amqp.AmqpSettings")
                .getDeclaredMethod("from", JsonObject.class, EnokiOptions.class);
        from.setAccessible(true);
        return from.invoke(null, config, new EnokiOptions());
    }

    private static Object accessor(Object record, String name) throws Exception {
        Method m = record.getClass().getDeclaredMethod(name);
        m.setAccessible(true);
        return m.invoke(record);
    }

    private static Object staticField(String className, String name) throws Exception {
        var field = Class.forName(className).getDeclaredField(name);
        field.setAccessible(true);
        return field.get(null);
    }
}

