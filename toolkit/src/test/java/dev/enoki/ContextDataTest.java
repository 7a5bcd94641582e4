package dev.enoki;

import dev.enoki.testing.ContainerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ContextDataTest {
    private final ContainerFactory factory = new ContainerFactory(new io.vertx.core.json.JsonObject()
            .put("parent_calls_tracked", 10));

    @AfterEach
    void close() {
        factory.close();
    }

    @Service("ctx_a")
    public static class A {
        @RpcProxy("ctx_b")
        ServiceProxy b;

        @Rpc
        public Map<String, Object> start() {
            return b.call("relay", Map.class);
        }
    }

    @Service("ctx_b")
    public static class B {
        @RpcProxy("ctx_c")
        ServiceProxy c;

        @Rpc
        public Map<String, Object> relay() {
            return c.call("report", Map.class);
        }
    }

    @Service("ctx_c")
    public static class C {
        @ContextData
        WorkerContext worker;

        @ContextData("auth_token")
        String token;

        @Rpc
        public Map<String, Object> report() {
            Map<String, Object> seen = new java.util.HashMap<>();
            seen.put("stack", worker.callIdStack());
            seen.put("token", token);
            seen.put("language", worker.language());
            seen.put("parent", worker.immediateParentCallId());
            return seen;
        }
    }

    @Test
    void callIdStackAndAuthTokenTravelFromAThroughBToC() {
        factory.start(A.class);
        factory.start(B.class);
        factory.start(C.class);
        EnokiClient client = factory.client().withContextData(Map.of("auth_token", "secret-token", "language", "fr"));

        Map<?, ?> seen = client.proxy("ctx_a").call("start", Map.class);

        assertThat(seen.get("token")).isEqualTo("secret-token");
        assertThat(seen.get("language")).isEqualTo("fr");
        List<?> stack = (List<?>) seen.get("stack");
        assertThat(stack).hasSize(4);
        assertThat((String) stack.get(0)).startsWith("standalone_rpc_proxy.call.");
        assertThat((String) stack.get(1)).startsWith("ctx_a.start.");
        assertThat((String) stack.get(2)).startsWith("ctx_b.relay.");
        assertThat((String) stack.get(3)).startsWith("ctx_c.report.");
        assertThat(seen.get("parent")).isEqualTo(stack.get(2));
    }

    @Test
    void callIdStackKeepsOnlyTheTrackedParents() {
        ContainerFactory shallow = new ContainerFactory(new io.vertx.core.json.JsonObject().put("parent_calls_tracked", 1));
        try {
            shallow.start(A.class);
            shallow.start(B.class);
            shallow.start(C.class);
            Map<?, ?> seen = shallow.client().proxy("ctx_a").call("start", Map.class);
            List<?> stack = (List<?>) seen.get("stack");
            assertThat(stack).hasSize(2);
            assertThat((String) stack.get(1)).startsWith("ctx_c.report.");
        } finally {
            shallow.close();
        }
    }
}
