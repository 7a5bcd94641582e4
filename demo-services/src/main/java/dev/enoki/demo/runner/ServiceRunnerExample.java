package dev.enoki.demo.runner;

import dev.enoki.Rpc;
import dev.enoki.Service;
import dev.enoki.ServiceContainer;
import dev.enoki.ServiceRunner;
import io.vertx.core.json.JsonObject;

/** Nameko's service_runner example: two services in one runner, and the container of one of them. */
public final class ServiceRunnerExample {
    private ServiceRunnerExample() {
    }

    @Service("service_a")
    public static class ServiceA {
        @Rpc
        public String name() {
            return "service_a";
        }
    }

    @Service("service_b")
    public static class ServiceB {
        @Rpc
        public String name() {
            return "service_b";
        }
    }

    public static ServiceRunner runner() {
        return new ServiceRunner(new JsonObject()).addService(ServiceA.class).addService(ServiceB.class);
    }

    public static void main(String[] args) {
        ServiceRunner runner = runner();
        ServiceContainer containerA = runner.container(ServiceA.class);
        runner.start().await();
        System.out.println("running " + runner.serviceNames() + "; service_a running: " + containerA.isRunning());
        runner.stop().await();
    }
}
