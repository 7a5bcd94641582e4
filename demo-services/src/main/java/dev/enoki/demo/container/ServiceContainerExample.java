package dev.enoki.demo.container;

import dev.enoki.Extension;
import dev.enoki.Rpc;
import dev.enoki.Service;
import dev.enoki.ServiceContainer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** Nameko's service_container example: one service in a container of its own, and the extensions it has. */
public final class ServiceContainerExample {
    private ServiceContainerExample() {
    }

    @Service("service")
    public static class FooBarService {
        @Rpc
        public void foo() {
        }

        @Rpc
        public void bar() {
        }
    }

    /** The container's extensions as declared (the two entrypoints) and while running (plus what they share). */
    public record Extensions(List<Extension> declared, List<Extension> running) {
    }

    /** Makes the container, starts it, reads its extensions and stops it. */
    public static Extensions run(Vertx vertx) {
        ServiceContainer container = new ServiceContainer(FooBarService.class, new JsonObject());
        List<Extension> declared = List.copyOf(container.extensions());
        container.start(vertx).await();
        try {
            return new Extensions(declared, List.copyOf(container.extensions()));
        } finally {
            container.stop().await();
        }
    }

    public static void main(String[] args) {
        Vertx vertx = Vertx.vertx();
        try {
            Extensions extensions = run(vertx);
            System.out.println("declared: " + extensions.declared());
            System.out.println("running:  " + extensions.running());
        } finally {
            vertx.close().await();
        }
    }
}
