package dev.enoki.reliability;

import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the broker knows of the services at one moment, as {@code rabbitmqctl} lists it: each consumer with its
 * queue and prefetch, the queues, the bindings. After a restart everything is back when this view again holds
 * what it held before.
 */
record BrokerTopology(List<String> consumers, Set<String> queues, Set<String> bindings) {

    static BrokerTopology of(PrivateRabbit rabbit) {
        List<String> consumers = consumers(rabbit);
        Set<String> queues = rabbit.list("list_queues", "name").stream().map(JsonObject.class::cast)
                .map(q -> q.getString("name")).collect(Collectors.toSet());
        Set<String> bindings = rabbit.list("list_bindings", "source_name", "destination_name", "routing_key").stream()
                .map(JsonObject.class::cast)
                .map(b -> b.getString("source_name") + " -> " + b.getString("destination_name") + " : "
                        + b.getString("routing_key"))
                .collect(Collectors.toSet());
        return new BrokerTopology(consumers, queues, bindings);
    }

    /** Each consumer as its queue and prefetch, sorted: the cheapest look, and the last thing a client restores. */
    static List<String> consumers(PrivateRabbit rabbit) {
        return rabbit.list("list_consumers", "queue_name", "prefetch_count").stream()
                .map(JsonObject.class::cast)
                .map(c -> c.getString("queue_name") + " prefetch " + c.getValue("prefetch_count"))
                .sorted().toList();
    }

    /** Every consumer (with its prefetch) as before, and every queue and binding there was. */
    boolean restores(BrokerTopology before) {
        return consumers.equals(before.consumers) && queues.containsAll(before.queues)
                && bindings.containsAll(before.bindings);
    }
}
