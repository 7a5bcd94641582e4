package dev.enoki.internal.eventbus;

import dev.enoki.EventHandler;
import dev.enoki.Service;
import dev.enoki.ServiceContainer;
import dev.enoki.WorkerContext;
import dev.enoki.WorkerListener;
import dev.enoki.testing.ContainerFactory;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class EventBusEventsTest {
    private static final BlockingQueue<Map<String, Object>> handled = new ArrayBlockingQueue<>(10);
    private final ContainerFactory factory = new ContainerFactory();

    @Service("audit")
    public static class Audit {
        @EventHandler(source = "shop", event = "sold")
        public String sold(String item) {
            return item;
        }
    }

    @AfterEach
    void stop() {
        factory.close();
    }

    @Test
    void anEventWhoseContextHeaderIsNotAJsonObjectIsStillHandledWithoutContextData() throws Exception {
        ServiceContainer audit = factory.create(Audit.class);
        audit.addWorkerListener(new WorkerListener() {
            @Override
            public void workerFinished(WorkerContext worker, Object result, Throwable error) {
                handled.add(Map.of("item", String.valueOf(result), "context", worker.data()));
            }
        });
        factory.start(audit);
        String address = EventBusTransport.EVENT + "shop.sold.pool.audit.sold";
        factory.vertx().eventBus().send(address, Buffer.buffer("\"a hat\""),
                new DeliveryOptions().addHeader(EventBusTransport.CONTEXT_HEADER, "[not, an object"));

        Map<String, Object> event = handled.poll(10, TimeUnit.SECONDS);
        assertThat(event).as("the event was handled").isNotNull();
        assertThat(event.get("item")).isEqualTo("a hat");
        assertThat((Map<?, ?>) event.get("context")).isEmpty();
    }
}
