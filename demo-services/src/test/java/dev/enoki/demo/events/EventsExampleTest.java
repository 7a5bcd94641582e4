package dev.enoki.demo.events;

import dev.enoki.ServiceContainer;
import dev.enoki.testing.ContainerFactory;
import dev.enoki.testing.EntrypointWaiter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Nameko's events and standalone_events examples, and the entrypoint_waiter testing example. */
class EventsExampleTest {
    private final ContainerFactory factory = new ContainerFactory();

    @AfterEach
    void close() {
        factory.close();
    }

    @Test
    void serviceADispatchesAndServiceBHandles() throws Throwable {
        factory.start(ServiceA.class);
        ServiceContainer serviceB = factory.start(ServiceB.class);
        try (EntrypointWaiter waiter = EntrypointWaiter.on(serviceB, "handleEvent")) {
            factory.client().proxy("service_a").call("dispatchingMethod", "payload");
            assertThat(waiter.await(Duration.ofSeconds(10))).isEqualTo("service b received: payload");
        }
    }

    /** The entrypoint_waiter example: the handler has finished before the block exits. */
    @Test
    void waiterReturnsOnceTheHandlerOfAStandaloneDispatchHasRun() throws Throwable {
        ServiceContainer serviceB = factory.start(ServiceB.class);
        try (EntrypointWaiter waiter = EntrypointWaiter.on(serviceB, "handleEvent")) {
            StandaloneEventsExample.dispatchAsServiceA(factory.client(), "payload");
            assertThat(waiter.await(Duration.ofSeconds(10))).isEqualTo("service b received: payload");
        }
    }
}
