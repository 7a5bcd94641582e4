package dev.enoki.internal.amqp;

import com.rabbitmq.client.Channel;
import dev.enoki.registry.ServiceRecord;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The services on the broker that announce nothing, Nameko's: a queue {@code rpc-<service>} with a consumer is a
 * running service. The broker's management HTTP API ({@link ManagementApi}) lists the consumers and the connection
 * each came on, so those of Enoki's own connections are left out: an Enoki service is known from its announcements,
 * and the API's statistics lag seconds behind its stop. Where the API cannot be reached, the services that answered
 * a call (here or on a node that said so) are checked one by one with a passive declaration, whose answer counts
 * the queue's consumers. Each is shown as a record of node {@value #NODE} with no methods: a Nameko service does
 * not describe them.
 */
final class BrokerServices {
    private static final Logger log = LoggerFactory.getLogger(BrokerServices.class);
    static final String NODE = "rabbitmq";
    static final String QUEUE_PREFIX = "rpc-";
    static final String SEEN_BY_MANAGEMENT = "management API";
    static final String SEEN_ANSWERING = "answered a call";

    private record Running(int consumers, String seen) {
    }

    private final AmqpLink link;
    private final ManagementApi api;
    private final Map<String, Long> firstSeen = new HashMap<>();
    private volatile Map<String, Running> running = Map.of();
    private volatile Map<String, Long> since = Map.of();
    private Boolean managementAnswered;
    private Channel probe;

    BrokerServices(AmqpSettings settings, AmqpLink link, Duration requestTimeout) {
        this.link = link;
        this.api = settings.managementUrl() == null ? null : new ManagementApi(settings, requestTimeout);
    }

    /** Looks again; called on the registry's context, one at a time. */
    Future<Void> refresh(Set<String> answered) {
        Future<Map<String, Running>> found = api == null ? probe(answered)
                : fromManagement().map(list -> {
                    managementAnswered(true, null);
                    return list;
                }).recover(e -> {
                    managementAnswered(false, e);
                    return probe(answered);
                });
        return found.map(now -> {
            long time = System.currentTimeMillis();
            firstSeen.keySet().retainAll(now.keySet());
            now.keySet().forEach(s -> firstSeen.putIfAbsent(s, time));
            since = Map.copyOf(firstSeen);
            running = Map.copyOf(now);
            return (Void) null;
        }).recover(e -> {
            log.debug("looking for services on the broker: {}", e.toString());
            return Future.succeededFuture();
        });
    }

    /** The running services that {@code announced} does not already hold, as records. */
    List<ServiceRecord> records(Set<String> announced) {
        Map<String, Running> now = running;
        Map<String, Long> times = since;
        return now.entrySet().stream().filter(e -> !announced.contains(e.getKey())).map(e -> {
            String queue = QUEUE_PREFIX + e.getKey();
            JsonObject extra = new JsonObject().put("queue", queue).put("consumers", e.getValue().consumers())
                    .put("seen", e.getValue().seen());
            return new ServiceRecord(e.getKey(), NODE + ":" + queue, NODE, "amqp", times.getOrDefault(e.getKey(), 0L),
                    List.of(), List.of(), extra);
        }).toList();
    }

    private Future<Map<String, Running>> fromManagement() {
        return link.blocking(api::namekoConsumers).map(consumers -> {
            Map<String, Running> found = new HashMap<>();
            consumers.forEach((service, count) -> found.put(service, new Running(count, SEEN_BY_MANAGEMENT)));
            return found;
        });
    }

    /** Without the management API: asks the broker about each queue of a service known to have answered. */
    private Future<Map<String, Running>> probe(Set<String> answered) {
        if (answered.isEmpty()) {
            return Future.succeededFuture(Map.of());
        }
        return link.blocking(() -> {
            Map<String, Running> found = new HashMap<>();
            for (String service : answered) {
                try {
                    if (probe == null || !probe.isOpen()) {
                        probe = link.createChannel();
                    }
                    int consumers = probe.queueDeclarePassive(QUEUE_PREFIX + service).getConsumerCount();
                    if (consumers > 0) {
                        found.put(service, new Running(consumers, SEEN_ANSWERING));
                    }
                } catch (IOException e) {
                    // no such queue any more; the broker closed the channel, which the next one opens again
                }
            }
            return found;
        });
    }

    /** Logs when the management API starts or stops answering, not every time. */
    private void managementAnswered(boolean answered, Throwable error) {
        if (managementAnswered != null && managementAnswered == answered) {
            return;
        }
        managementAnswered = answered;
        if (answered) {
            log.debug("listing Nameko services through RabbitMQ's management API at {}", api.endpoint());
        } else {
            log.info("RabbitMQ's management API at {} does not answer ({}); Nameko services are listed once they "
                    + "answered a call", api.endpoint(), error.getMessage());
        }
    }
}
