package dev.enoki.demo.testing;

import dev.enoki.ServiceRunner;
import dev.enoki.demo.rpc.ServiceX;
import dev.enoki.demo.rpc.ServiceY;
import dev.enoki.testing.EntrypointHook;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Nameko's integration-test example: two real services in a runner, driven through an entrypoint hook. */
class ServiceXYIntegrationTest {

    @Test
    void serviceXAndServiceYWorkTogether() {
        ServiceRunner runner = new ServiceRunner(new JsonObject()).addService(ServiceX.class).addService(ServiceY.class);
        runner.start().await();
        try {
            assertThat(EntrypointHook.call(runner.container(ServiceX.class), "remoteMethod", "value"))
                    .isEqualTo("value-x-y");
        } finally {
            runner.stop().await();
        }
    }
}
