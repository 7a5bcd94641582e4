package dev.enoki.demo.rpc;

import dev.enoki.EnokiClient;
import dev.enoki.testing.ContainerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Nameko's rpc, async_rpc and standalone_rpc examples. */
class RpcExampleTest {
    private final ContainerFactory factory = new ContainerFactory();
    private EnokiClient client;

    @BeforeEach
    void startServices() {
        factory.start(ServiceX.class);
        factory.start(ServiceY.class);
        client = factory.client();
    }

    @AfterEach
    void close() {
        factory.close();
    }

    @Test
    void serviceXCallsServiceYThroughItsProxy() {
        assertThat(client.proxy("service_x").call("remoteMethod", String.class, "value")).isEqualTo("value-x-y");
    }

    @Test
    void asyncCallsAreInFlightTogetherAndCollectedLater() {
        assertThat(AsyncRpcExample.helloWorld(client)).containsExactly("hello-x-y", "world-x-y");
    }

    @Test
    void standaloneClientCallsTheCluster() {
        assertThat(StandaloneRpcExample.callServiceX(client)).isEqualTo("hellø-x-y");
    }
}
