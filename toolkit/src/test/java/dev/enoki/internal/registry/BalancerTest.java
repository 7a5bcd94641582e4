package dev.enoki.internal.registry;

import dev.enoki.ConfigurationError;
import dev.enoki.registry.ServiceRecord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BalancerTest {

    private static ServiceRecord instance(String address, String transport) {
        ServiceRecord.Builder b = ServiceRecord.builder("svc", "id-" + address, "node", transport);
        if (address != null) {
            b.putExtra(ServiceRecord.ADDRESS, address);
        }
        return b.build();
    }

    private static Map<String, Integer> tally(Balancer balancer, List<ServiceRecord> instances, int calls) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < calls; i++) {
            counts.merge(balancer.pick("svc", instances, "eventbus"), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void roundRobinSpreadsCallsEvenlyAcrossInstances() {
        List<ServiceRecord> three = List.of(instance("a", "eventbus"), instance("b", "eventbus"), instance("c", "eventbus"));
        Map<String, Integer> counts = tally(new Balancer(Balancer.Strategy.ROUND_ROBIN), three, 300);
        assertThat(counts).containsOnly(Map.entry("a", 100), Map.entry("b", 100), Map.entry("c", 100));
    }

    @Test
    void instancesOfAnotherTransportOrWithoutAddressAreNotPicked() {
        List<ServiceRecord> mixed = List.of(instance("amqp-one", "amqp"), instance(null, "eventbus"),
                instance("b", "eventbus"));
        assertThat(tally(new Balancer(Balancer.Strategy.ROUND_ROBIN), mixed, 10)).containsOnly(Map.entry("b", 10));
        assertThat(new Balancer(Balancer.Strategy.ROUND_ROBIN).pick("svc", List.of(instance(null, "eventbus")),
                "eventbus")).isNull();
    }

    @Test
    void suspectedInstanceIsSkippedUntilItsPauseEnds() throws InterruptedException {
        Balancer balancer = new Balancer(Balancer.Strategy.ROUND_ROBIN);
        List<ServiceRecord> two = List.of(instance("a", "eventbus"), instance("b", "eventbus"));
        balancer.suspect("a", 50);
        assertThat(tally(balancer, two, 6)).containsOnly(Map.entry("b", 6));
        Thread.sleep(60);   // the pause itself is what is tested
        assertThat(tally(balancer, two, 6)).containsOnlyKeys("a", "b");
    }

    @Test
    void leastOutstandingAvoidsTheInstanceWithCallsInFlight() {
        Balancer balancer = new Balancer(Balancer.Strategy.LEAST_OUTSTANDING);
        List<ServiceRecord> two = List.of(instance("slow", "eventbus"), instance("fast", "eventbus"));
        List<String> slowCalls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String picked = balancer.pick("svc", two, "eventbus");
            if (picked.equals("slow")) {
                slowCalls.add(picked);   // never answers during this test
            } else {
                balancer.finished(picked);
            }
        }
        assertThat(slowCalls).hasSize(1);
    }

    @Test
    void unknownStrategyInConfigIsAConfigurationError() {
        assertThat(Balancer.Strategy.fromConfig("least-outstanding")).isEqualTo(Balancer.Strategy.LEAST_OUTSTANDING);
        assertThat(Balancer.Strategy.fromConfig(null)).isEqualTo(Balancer.Strategy.ROUND_ROBIN);
        assertThatThrownBy(() -> Balancer.Strategy.fromConfig("random")).isInstanceOf(ConfigurationError.class);
    }
}
