package dev.enoki.benchmarks;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.enoki.EnokiClient;
import dev.enoki.Rpc;
import dev.enoki.Service;
import dev.enoki.ServiceContainer;
import dev.enoki.ServiceProxy;
import dev.enoki.discovery.ClusterOptions;
import dev.enoki.discovery.ClusteredVertx;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The Java sides of {@code benchmarks/peers/run.sh}: a server or a client process, Enoki with default settings or
 * the plain RabbitMQ client, calling {@code hello("Matt")} as each peer does. A client runs one level of calls in
 * flight and prints one JSON line: calls/s and p50 of its timed window, and the broker's CPU time per call when
 * {@code BEAM_PID} names the broker's process.
 * <p>
 * {@code system=enoki-cluster} is Enoki on the clustered event bus instead: server and client are members of one
 * Hazelcast cluster on 127.0.0.1 ({@value #CLUSTER_PORT} and the next port), no broker; {@code
 * system=enoki-cluster-future} the same with a {@code hello} that returns a {@code Future}, an entrypoint that does
 * not block and so runs on the container's event loop without a worker hop, as a Moleculer action runs on Node's;
 * {@code system=enoki-future} is that {@code hello} over RabbitMQ. A client with {@code caller=eventloop} issues its
 * calls from a Vert.x event loop, as a verticle does, and so continues each call there.
 * <p>
 * {@code role=server|client system=enoki|enoki-future|enoki-cluster|enoki-cluster-future|bare [inflight=64 seconds=5
 * warmup=3 caller=eventloop uri=amqp://guest:guest@127.0.0.1:5672]}
 */
public final class PeerRpc {
    private static final String SERVICE = "peer_greeter";
    private static final String EXCHANGE = "nameko-rpc";
    /** The plain client's requests and replies: transient as Enoki's; {@code -Dpeer.deliveryMode=2} to compare. */
    private static final int DELIVERY_MODE = Integer.getInteger("peer.deliveryMode", 1);
    /** The server member's Hazelcast port for {@code enoki-cluster}; the client member takes the next one. */
    private static final int CLUSTER_PORT = 5791;

    @Service(SERVICE)
    public static class Greeter {
        @Rpc
        public String hello(String name) {
            return "Hello, " + name + "!";
        }
    }

    @Service(SERVICE)
    public static class FutureGreeter {
        @Rpc
        public Future<String> hello(String name) {
            return Future.succeededFuture("Hello, " + name + "!");
        }
    }

    private PeerRpc() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            opts.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        String uri = opts.getOrDefault("uri", "amqp://guest:guest@127.0.0.1:5672");
        String system = opts.getOrDefault("system", "bare");
        boolean onCluster = system.startsWith("enoki-cluster");
        if ("server".equals(opts.get("role"))) {
            if (system.startsWith("enoki") && !onCluster) {
                Class<?> greeter = system.endsWith("-future") ? FutureGreeter.class : Greeter.class;
                new ServiceContainer(greeter, new JsonObject().put("AMQP_URI", uri)).start(Vertx.vertx()).await();
            } else if (onCluster) {
                JsonObject config = clusterConfig(CLUSTER_PORT);
                Class<?> greeter = system.endsWith("-future") ? FutureGreeter.class : Greeter.class;
                new ServiceContainer(greeter, config).start(clusteredVertx(config)).await();
            } else {
                bareServer(uri);
            }
            System.out.println("ready");
            Thread.currentThread().join();
        }
        int inFlight = Integer.parseInt(opts.getOrDefault("inflight", "64"));
        long seconds = Long.parseLong(opts.getOrDefault("seconds", "5"));
        long warmup = Long.parseLong(opts.getOrDefault("warmup", "3"));
        Supplier<Future<?>> call;
        Vertx vertx = null;
        if (system.startsWith("enoki") && !onCluster) {
            vertx = Vertx.vertx();
            ServiceProxy proxy = EnokiClient.connect(vertx, new JsonObject().put("AMQP_URI", uri)).await()
                    .proxy(SERVICE);
            call = () -> proxy.callAsync("hello", String.class, "Matt");
        } else if (onCluster) {
            JsonObject config = clusterConfig(CLUSTER_PORT + 1);
            vertx = clusteredVertx(config);
            ServiceProxy proxy = EnokiClient.connect(vertx, config).await().proxy(SERVICE);
            ClusterRpcBenchmark.awaitServer(proxy);
            call = () -> proxy.callAsync("hello", String.class, "Matt");
        } else {
            BareClient client = new BareClient(uri);
            call = () -> Future.fromCompletionStage(client.call());
        }
        boolean onEventLoop = "eventloop".equals(opts.get("caller"));
        if (onEventLoop && vertx == null) {
            throw new IllegalArgumentException("caller=eventloop is for Enoki's systems; " + system + " has no Vert.x");
        }
        ClosedLoop load = onEventLoop ? ClosedLoop.on(vertx.getOrCreateContext(), call) : ClosedLoop.outsideVertx(call);
        load.run(inFlight, warmup * 1000).toCompletionStage().toCompletableFuture().get();
        long brokerBefore = onCluster ? -1 : brokerCpuTicks();
        Usage before = Usage.now();
        ClosedLoop.Window window = load.run(inFlight, seconds * 1000).toCompletionStage().toCompletableFuture().get();
        long brokerTicks = onCluster ? 0 : brokerCpuTicks() - brokerBefore;
        Usage used = Usage.now().minus(before);
        long calls = window.latency.getTotalCount();
        System.out.printf("{\"system\":\"%s\",\"inflight\":%d,\"per_second\":%.1f,\"p50_us\":%d,\"errors\":%d,"
                        + "\"broker_cpu_us_per_call\":%s,%s}%n", system, inFlight, window.perSecond(), window.p50(),
                window.errors(), brokerBefore < 0 ? "null" : String.format("%.1f", brokerTicks * 10_000.0 / calls),
                used.perCall(calls));
        System.exit(0);
    }

    /** A member of the two-member cluster of {@code enoki-cluster} on 127.0.0.1, listening on {@code port}. */
    private static JsonObject clusterConfig(int port) {
        return new JsonObject().put("cluster", new JsonObject().put("name", "enoki-peers").put("host", "127.0.0.1")
                .put("port", port).put("port_auto_increment", false).put("members", new JsonArray()
                        .add("127.0.0.1:" + CLUSTER_PORT).add("127.0.0.1:" + (CLUSTER_PORT + 1))));
    }

    private static Vertx clusteredVertx(JsonObject config) throws Exception {
        return ClusteredVertx.start(ClusterOptions.fromConfig(config, Map.of())).await(60, TimeUnit.SECONDS);
    }

    /**
     * CPU time and context switches (voluntary and not) of the threads of this process, of the server's
     * ({@code SERVER_PID}) and of the broker's ({@code BEAM_PID}): what a loaded machine distorts least, and the
     * switches count the thread hand-offs. A JVM's JIT compiler threads are left out: on a loaded machine they still
     * compile long after the warm-up, and what they spend is no cost of a call. Also the read and write system calls
     * of the two JVMs: each frame the client library sends is a write of its own, so they count frames.
     */
    private record Usage(long[] values) {
        private static final String[] NAMES = {"client", "server", "broker"};
        private static final int FIELDS = 8;

        static Usage now() throws Exception {
            String[] pids = {"self", System.getenv("SERVER_PID"), System.getenv("BEAM_PID")};
            long[] values = new long[FIELDS];
            java.util.Arrays.fill(values, -1);
            for (int i = 0; i < 3; i++) {
                if (pids[i] != null && !pids[i].isEmpty()) {
                    long[] threads = threads(pids[i]);
                    values[2 * i] = threads[0];
                    values[2 * i + 1] = threads[1];
                }
            }
            for (int i = 0; i < 2; i++) {
                if (values[2 * i] >= 0) {
                    values[6 + i] = writes(pids[i]);
                }
            }
            return new Usage(values);
        }

        Usage minus(Usage before) {
            long[] diff = new long[FIELDS];
            for (int i = 0; i < FIELDS; i++) {
                diff[i] = values[i] < 0 ? -1 : values[i] - before.values[i];
            }
            return new Usage(diff);
        }

        /** The broker's CPU is printed apart, as it always was; its switches are here. */
        String perCall(long calls) {
            StringBuilder json = new StringBuilder();
            for (int i = 0; i < 3; i++) {
                if (values[2 * i] < 0) {
                    continue;
                }
                json.append(json.length() == 0 ? "" : ",");
                if (i < 2) {
                    json.append(String.format("\"%s_cpu_us_per_call\":%.1f,", NAMES[i], values[2 * i] * 10_000.0 / calls));
                }
                json.append(String.format("\"%s_switches_per_call\":%.2f", NAMES[i], values[2 * i + 1] / (double) calls));
                if (i < 2) {
                    json.append(String.format(",\"%s_writes_per_call\":%.2f", NAMES[i], values[6 + i] / (double) calls));
                }
            }
            return json.toString();
        }

        /** Write system calls of {@code pid} so far. */
        static long writes(String pid) throws Exception {
            for (String line : Files.readAllLines(Path.of("/proc", pid, "io"))) {
                if (line.startsWith("syscw:")) {
                    return Long.parseLong(line.substring(6).trim());
                }
            }
            return -1;
        }

        /** Clock ticks of CPU and context switches of {@code pid}'s threads but its JIT compilers. */
        static long[] threads(String pid) throws Exception {
            long ticks = 0;
            long switches = 0;
            try (var tasks = Files.list(Path.of("/proc", pid, "task"))) {
                for (Path task : tasks.toList()) {
                    try {
                        String stat = Files.readString(task.resolve("stat"));
                        if (stat.contains("CompilerThre")) {
                            continue;
                        }
                        ticks += cpuTicks(stat);
                        for (String line : Files.readAllLines(task.resolve("status"))) {
                            if (line.contains("ctxt_switches:")) {
                                switches += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                            }
                        }
                    } catch (java.io.IOException ended) {
                        // the thread ended meanwhile
                    }
                }
            }
            return new long[] {ticks, switches};
        }

        /** utime + stime of a {@code /proc/.../stat} line. */
        static long cpuTicks(String stat) {
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        }
    }

    /** utime + stime of the broker's process in clock ticks (1/100 s), or -1 without {@code BEAM_PID}. */
    static long brokerCpuTicks() throws Exception {
        String pid = System.getenv("BEAM_PID");
        return pid == null || pid.isEmpty() ? -1 : Usage.cpuTicks(Files.readString(Path.of("/proc", pid, "stat")));
    }

    private static AMQP.BasicProperties properties(String replyTo, String correlationId) {
        return new AMQP.BasicProperties.Builder().contentType("application/json").contentEncoding("utf-8")
                .deliveryMode(DELIVERY_MODE).priority(0).headers(Map.of()).replyTo(replyTo).correlationId(correlationId).build();
    }

    /** Nameko's topology and guarantees on the plain client: transient, mandatory requests, ack after confirm. */
    private static void bareServer(String uri) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(uri);
        Connection connection = factory.newConnection("peer-bare-server");
        Channel in = connection.createChannel();
        Channel out = connection.createChannel();
        out.confirmSelect();
        ConcurrentNavigableMap<Long, Long> ackAfterConfirm = new ConcurrentSkipListMap<>();
        out.addConfirmListener((seq, multiple) -> {
            Map<Long, Long> confirmed = multiple ? ackAfterConfirm.headMap(seq, true) : Map.of(seq, seq);
            for (Long seqNo : confirmed.keySet().toArray(Long[]::new)) {
                Long tag = ackAfterConfirm.remove(seqNo);
                if (tag != null) {
                    in.basicAck(tag, false);
                }
            }
        }, (seq, multiple) -> { });
        in.exchangeDeclare(EXCHANGE, BuiltinExchangeType.TOPIC, true, false, false, null);
        in.queueDeclare("rpc-" + SERVICE, true, false, false, null);
        in.queueBind("rpc-" + SERVICE, EXCHANGE, SERVICE + ".*");
        in.basicQos(256);
        byte[] reply = "{\"result\":\"Hello, Matt!\",\"error\":null}".getBytes(StandardCharsets.UTF_8);
        in.basicConsume("rpc-" + SERVICE, false, (tag, request) -> {
            synchronized (out) {
                ackAfterConfirm.put(out.getNextPublishSeqNo(), request.getEnvelope().getDeliveryTag());
                // as Enoki's: straight to a reply queue that reply_to names, through the RPC exchange to a bare uuid
                String to = request.getProperties().getReplyTo();
                out.basicPublish(to.startsWith("rpc.reply-") ? "" : EXCHANGE, to, false,
                        properties(null, request.getProperties().getCorrelationId()), reply);
            }
        }, tag -> { });
    }

    /** A caller with its own reply queue, publishing mandatory requests on a confirm channel. */
    private static final class BareClient {
        private final Channel channel;
        /** The reply queue's name, bound with itself, as Enoki's caller puts it in {@code reply_to}. */
        private final String replyTo = "rpc.reply-peer-bare-" + UUID.randomUUID();
        private final Map<String, CompletableFuture<byte[]>> pending = new ConcurrentHashMap<>();
        private final byte[] request = "{\"args\":[\"Matt\"],\"kwargs\":{}}".getBytes(StandardCharsets.UTF_8);

        BareClient(String uri) throws Exception {
            ConnectionFactory factory = new ConnectionFactory();
            factory.setUri(uri);
            Connection connection = factory.newConnection("peer-bare-client");
            channel = connection.createChannel();
            channel.confirmSelect();
            channel.addConfirmListener((tag, multiple) -> { }, (tag, multiple) -> { });
            channel.addReturnListener(r -> {
                CompletableFuture<byte[]> call = pending.remove(r.getProperties().getCorrelationId());
                if (call != null) {
                    call.completeExceptionally(new IllegalStateException("unroutable"));
                }
            });
            Channel replies = connection.createChannel();
            replies.queueDeclare(replyTo, true, false, false, Map.of("x-expires", 300_000));
            replies.queueBind(replyTo, EXCHANGE, replyTo);
            replies.basicConsume(replyTo, true, (tag, d) -> {
                CompletableFuture<byte[]> call = pending.remove(d.getProperties().getCorrelationId());
                if (call != null) {
                    call.complete(d.getBody());
                }
            }, tag -> { });
        }

        CompletableFuture<byte[]> call() {
            String correlationId = UUID.randomUUID().toString();
            CompletableFuture<byte[]> reply = new CompletableFuture<>();
            pending.put(correlationId, reply);
            try {
                synchronized (channel) {
                    channel.basicPublish(EXCHANGE, SERVICE + ".hello", true, properties(replyTo, correlationId),
                            request);
                }
            } catch (Exception e) {
                pending.remove(correlationId);
                reply.completeExceptionally(e);
            }
            return reply;
        }
    }
}
