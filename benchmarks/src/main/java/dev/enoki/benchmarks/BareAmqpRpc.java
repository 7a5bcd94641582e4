package dev.enoki.benchmarks;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.function.UnaryOperator;

/**
 * The baseline: RPC written straight on the RabbitMQ client with Nameko's queue topology and guarantees (durable
 * {@code rpc-<service>} bound with {@code <service>.*} on a topic exchange, a reply queue with x-expires bound with
 * its own name, which requests carry in reply_to and replies go straight to through the default exchange, transient
 * requests and replies, all as Enoki's; mandatory requests, replies confirmed before the request is acked, prefetch
 * equal to the server's concurrency) and no framework at all: the work runs on the client's delivery thread. As a
 * reference, the server can instead hand each request to a worker pool and answer from there, and compute its answer
 * from the request (see {@link HandWrittenRpc}), and requests can carry the headers Nameko's protocol puts on each
 * of them.
 */
final class BareAmqpRpc implements AutoCloseable {
    static final byte[] REPLY = "{\"result\":\"Hello, Matt!\",\"error\":null}".getBytes(StandardCharsets.UTF_8);

    private final Connection serverConnection;
    private final Connection clientConnection;
    private final Channel clientChannel;
    private final String exchange;
    private final String service;
    private final String replyTo = "rpc.reply-bare-" + UUID.randomUUID();
    private final Map<String, CompletableFuture<byte[]>> pending = new ConcurrentHashMap<>();
    private final ExecutorService workers;
    private final boolean namekoHeaders;

    /** The baseline: each request answered with the same bytes on the delivery thread. */
    BareAmqpRpc(ConnectionFactory factory, String exchange, String service, int prefetch) throws Exception {
        this(factory, exchange, service, prefetch, null, request -> REPLY, false);
    }

    /**
     * {@code workers}: where each request is answered, null for the delivery thread; shut down on close.
     * {@code namekoHeaders}: each request carries a call id stack, as Nameko's and Enoki's do, and a deadline, as
     * Enoki's do; otherwise an empty header table.
     */
    BareAmqpRpc(ConnectionFactory factory, String exchange, String service, int prefetch, ExecutorService workers,
                UnaryOperator<byte[]> answer, boolean namekoHeaders) throws Exception {
        this.exchange = exchange;
        this.service = service;
        this.workers = workers;
        this.namekoHeaders = namekoHeaders;
        serverConnection = factory.newConnection(service + "-server");
        clientConnection = factory.newConnection(service + "-client");
        serve(prefetch, answer);
        clientChannel = clientConnection.createChannel();
        clientChannel.confirmSelect();
        clientChannel.addConfirmListener((tag, multiple) -> { }, (tag, multiple) -> { });
        clientChannel.addReturnListener(r -> fail(r.getProperties().getCorrelationId()));
        Channel replies = clientConnection.createChannel();
        replies.queueDeclare(replyTo, true, false, false, Map.of("x-expires", 300_000));
        replies.queueBind(replyTo, exchange, replyTo);
        replies.basicConsume(replyTo, true, (tag, d) -> {
            CompletableFuture<byte[]> call = pending.remove(d.getProperties().getCorrelationId());
            if (call != null) {
                call.complete(d.getBody());
            }
        }, tag -> { });
    }

    private void serve(int prefetch, UnaryOperator<byte[]> answer) throws Exception {
        Channel in = serverConnection.createChannel();
        Channel out = serverConnection.createChannel();
        out.confirmSelect();
        ConcurrentNavigableMap<Long, Long> ackAfterConfirm = new ConcurrentSkipListMap<>();
        out.addConfirmListener((seq, multiple) -> {
            Map<Long, Long> confirmed = multiple ? ackAfterConfirm.headMap(seq, true) : null;
            if (confirmed == null) {
                Long tag = ackAfterConfirm.remove(seq);
                if (tag != null) {
                    in.basicAck(tag, false);
                }
            } else {
                for (Long tag : confirmed.values()) {
                    in.basicAck(tag, false);
                }
                confirmed.clear();
            }
        }, (seq, multiple) -> { });
        in.exchangeDeclare(exchange, BuiltinExchangeType.TOPIC, true, false, false, null);
        in.queueDeclare("rpc-" + service, true, false, false, null);
        in.queueBind("rpc-" + service, exchange, service + ".*");
        in.basicQos(prefetch);
        in.basicConsume("rpc-" + service, false, (tag, request) -> {
            Runnable respond = () -> {
                AMQP.BasicProperties reply = properties(null, request.getProperties().getCorrelationId(), Map.of());
                byte[] body = answer.apply(request.getBody());
                synchronized (out) {
                    ackAfterConfirm.put(out.getNextPublishSeqNo(), request.getEnvelope().getDeliveryTag());
                    try {
                        out.basicPublish("", request.getProperties().getReplyTo(), false, reply, body);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            };
            if (workers == null) {
                respond.run();
            } else {
                workers.execute(respond);
            }
        }, tag -> { });
    }

    CompletionStage<byte[]> call(byte[] body) {
        String correlationId = UUID.randomUUID().toString();
        CompletableFuture<byte[]> reply = new CompletableFuture<>();
        pending.put(correlationId, reply);
        try {
            synchronized (clientChannel) {
                clientChannel.basicPublish(exchange, service + ".hello", true,
                        properties(replyTo, correlationId, namekoHeaders ? callHeaders() : Map.of()), body);
            }
        } catch (Exception e) {
            pending.remove(correlationId);
            reply.completeExceptionally(e);
        }
        return reply;
    }

    private void fail(String correlationId) {
        CompletableFuture<byte[]> call = correlationId == null ? null : pending.remove(correlationId);
        if (call != null) {
            call.completeExceptionally(new IllegalStateException("unroutable"));
        }
    }

    /** What an Enoki client's request carries: the call id stack (NAMEKO-WIRE.md §5), a deadline a minute away. */
    private static Map<String, Object> callHeaders() {
        return Map.of("nameko.call_id_stack", List.of("standalone_rpc_proxy.call." + UUID.randomUUID()),
                "enoki-deadline", System.currentTimeMillis() + 60_000);
    }

    private static AMQP.BasicProperties properties(String replyTo, String correlationId, Map<String, Object> headers) {
        return new AMQP.BasicProperties.Builder().contentType("application/json").contentEncoding("utf-8")
                .deliveryMode(1).priority(0).headers(headers).replyTo(replyTo).correlationId(correlationId).build();
    }

    @Override
    public void close() throws Exception {
        clientConnection.close();
        if (workers != null) {
            workers.shutdown();
        }
        try (Channel channel = serverConnection.createChannel()) {
            channel.queueDelete("rpc-" + service);
        }
        serverConnection.close();
    }
}
