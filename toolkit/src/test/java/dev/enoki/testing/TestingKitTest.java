package dev.enoki.testing;

import dev.enoki.Dispatcher;
import dev.enoki.EventDispatcher;
import dev.enoki.EventHandler;
import dev.enoki.Rpc;
import dev.enoki.RpcProxy;
import dev.enoki.Service;
import dev.enoki.ServiceContainer;
import dev.enoki.ServiceProxy;
import dev.enoki.ContextData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class TestingKitTest {
    private final ContainerFactory factory = new ContainerFactory();

    @AfterEach
    void close() {
        factory.close();
    }

    public interface Payments {
        String charge(String customer, int cents);
    }

    @Service("orders")
    public static class Orders {
        @RpcProxy("payments")
        Payments payments;

        @EventDispatcher
        Dispatcher dispatch;

        @ContextData("language")
        String language;

        @Rpc
        public String order(String customer) {
            String charge = payments.charge(customer, 500);
            dispatch.dispatch("order_created", charge);
            return charge + "/" + language;
        }

        @EventHandler(source = "payments", event = "payment_received")
        public String onPayment(String payment) {
            return "seen " + payment;
        }
    }

    @Test
    void workerFactoryInjectsMocksOrGivenObjects() {
        Orders orders = WorkerFactory.create(Orders.class, Map.of("payments", (Payments) (c, cents) -> c + ":" + cents));
        assertThat(orders.order("ann")).isEqualTo("ann:500/null");
        verify(orders.dispatch).dispatch("order_created", "ann:500");

        Orders mocked = WorkerFactory.create(Orders.class);
        when(mocked.payments.charge("bob", 500)).thenReturn("charged");
        assertThat(mocked.order("bob")).isEqualTo("charged/null");
    }

    @Test
    void workerFactoryRefusesUnknownDependencyNames() {
        assertThatThrownBy(() -> WorkerFactory.create(Orders.class, Map.of("nope", "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
    }

    @Test
    void entrypointHookRunsARealWorkerWithReplacedDependenciesAndContext() {
        ServiceContainer container = factory.create(Orders.class);
        Payments payments = Dependencies.replace(container, "payments");
        Dispatcher dispatch = Dependencies.replace(container, "dispatch");
        when(payments.charge("cy", 500)).thenReturn("charge-1");
        factory.start(container);

        Object result = EntrypointHook.callWithContext(container, "order", Map.of("language", "de"), "cy");

        assertThat(result).isEqualTo("charge-1/de");
        verify(dispatch).dispatch("order_created", "charge-1");
    }

    @Test
    void entrypointWaiterReturnsTheHandlersResult() throws Throwable {
        ServiceContainer container = factory.start(Orders.class);
        try (EntrypointWaiter waiter = EntrypointWaiter.on(container, "onPayment")) {
            factory.client().dispatch("payments", "payment_received", "p-1");
            assertThat(waiter.await(Duration.ofSeconds(5))).isEqualTo("seen p-1");
        }
    }

    @Test
    void restrictedContainerKeepsOnlyTheNamedEntrypoints() {
        ServiceContainer container = factory.create(Orders.class);
        container.restrictEntrypoints("onPayment");
        factory.start(container);
        assertThat(container.entrypoints()).extracting(e -> e.method().getName()).containsExactly("onPayment");
        ServiceProxy proxy = factory.client().proxy("orders");
        assertThatThrownBy(() -> proxy.call("order", "x")).isInstanceOf(dev.enoki.UnknownService.class);
    }
}
