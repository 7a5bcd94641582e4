package dev.enoki.internal.resilience;

import dev.enoki.registry.LocalRegistry;
import dev.enoki.registry.ServiceRecord;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class IdempotentMethodsTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void closeVertx() {
        vertx.close();
    }

    @Test
    void aMethodIsIdempotentWhenEveryInstanceDeclaresIt() {
        ServiceRecord both = instance("a", true, true);
        ServiceRecord onlyRefund = instance("b", false, true);

        assertThat(IdempotentMethods.idempotent(List.of(both))).containsExactlyInAnyOrder("charge", "refund");
        assertThat(IdempotentMethods.idempotent(List.of(both, onlyRefund))).containsExactly("refund");
        assertThat(IdempotentMethods.idempotent(List.of())).isEmpty();
    }

    @Test
    void callersLearnFromTheRegistryWithoutWaitingForIt() {
        LocalRegistry registry = LocalRegistry.of(vertx);
        IdempotentMethods methods = new IdempotentMethods(registry);
        assertThat(methods.contains("payments", "refund")).as("nothing published yet").isFalse();

        registry.publish(instance("a", false, true));
        methods.refresh("payments", null);

        await().until(() -> methods.contains("payments", "refund"));
        assertThat(methods.contains("payments", "charge")).isFalse();
    }

    private static ServiceRecord instance(String id, boolean chargeIdempotent, boolean refundIdempotent) {
        return ServiceRecord.builder("payments", id, "node", "eventbus")
                .method(new ServiceRecord.RpcMethod("charge", List.of(), "void", chargeIdempotent))
                .method(new ServiceRecord.RpcMethod("refund", List.of(), "void", refundIdempotent)).build();
    }
}
