package dev.enoki.gateway;

import dev.enoki.Blocking;
import dev.enoki.ServiceContainer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** A node of its own JVM on RabbitMQ running {@link GreetingService}: {@code AmqpServiceNode AMQP_URI}. */
public final class AmqpServiceNode {
    private AmqpServiceNode() {
    }

    public static void main(String[] args) throws Exception {
        Vertx vertx = Vertx.vertx();
        Blocking.await(new ServiceContainer(GreetingService.class, new JsonObject().put("AMQP_URI", args[0])).start(vertx));
        System.out.println("ready");
        System.in.read();   // runs until its input ends
        Blocking.await(vertx.close());
    }
}
