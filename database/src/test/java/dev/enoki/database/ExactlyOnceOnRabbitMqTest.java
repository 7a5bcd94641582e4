package dev.enoki.database;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.enoki.testing.ContainerFactory;
import dev.enoki.testsupport.RabbitVhost;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On RabbitMQ a request delivered again keeps its correlation id: a Nameko request published twice with one
 * correlation id, as the broker hands a request back after its consumer died, is run once and answered twice alike.
 */
class ExactlyOnceOnRabbitMqTest {

    @Test
    void namekoRequestDeliveredTwiceRunsOnceAndGetsTheSameReplyTwice() throws Exception {
        EntriesService.CHARGES_RUN.set(0);
        try (RabbitVhost vhost = RabbitVhost.create("enoki-exactly-once-");
             TestDatabase database = TestDatabase.of("postgresql");
             ContainerFactory factory = new ContainerFactory(new JsonObject().put("AMQP_URI", vhost.uri())
                     .put("database", database.section()))) {
            factory.start(EntriesService.class);
            ConnectionFactory connections = new ConnectionFactory();
            connections.setUri(vhost.uri());
            try (Connection connection = connections.newConnection(); Channel channel = connection.createChannel()) {
                channel.exchangeDeclare("nameko-rpc", BuiltinExchangeType.TOPIC, true);
                String replyTo = UUID.randomUUID().toString();
                String queue = channel.queueDeclare("rpc.reply-test-" + replyTo, false, true, true, null).getQueue();
                channel.queueBind(queue, "nameko-rpc", replyTo);
                BlockingQueue<String> replies = new LinkedBlockingQueue<>();
                channel.basicConsume(queue, true,
                        (tag, d) -> replies.add(new String(d.getBody(), StandardCharsets.UTF_8)), tag -> { });
                AMQP.BasicProperties request = new AMQP.BasicProperties.Builder().contentType("application/json")
                        .correlationId(UUID.randomUUID().toString()).replyTo(replyTo)
                        .headers(Map.of("nameko.call_id_stack", List.of("caller.pay.1"))).build();
                byte[] body = "{\"args\": [\"a\"], \"kwargs\": {}}".getBytes(StandardCharsets.UTF_8);

                channel.basicPublish("nameko-rpc", "entries.charge", request, body);
                String first = replies.poll(20, TimeUnit.SECONDS);
                channel.basicPublish("nameko-rpc", "entries.charge", request, body);
                String again = replies.poll(20, TimeUnit.SECONDS);

                assertThat(first).contains("receipt-");
                assertThat(new JsonObject(again)).isEqualTo(new JsonObject(first));
            }
            assertThat(EntriesService.CHARGES_RUN).hasValue(1);
            assertThat(database.rows("entries")).isEqualTo(1);
        }
    }
}
