package dev.enoki.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.GetResponse;
import dev.enoki.json.Json;
import dev.enoki.reliability.fixtures.PoisonService;
import dev.enoki.testsupport.FreePorts;
import dev.enoki.testsupport.RabbitVhost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 6: poison and malformed input. One node, {@code enoki.jar run --gateway} in a JVM of its own, hosts the
 * poison service. 10,000 generated bad messages reach it: raw AMQP requests on {@code rpc-poison} and raw events on
 * two handler queues (published with the plain RabbitMQ client, no Enoki code), and HTTP calls to its gateway.
 * Every request that says where to reply gets exactly one reply with the expected typed error (HTTP: 400 or 413 with
 * the error dict); requests without {@code reply_to} and bad events are acked and dropped, and the node's log
 * names each exactly once (no redelivery loop); the queues drain; the node lives and answers good calls after.
 * Then a job that always fails with {@code requeueOnError} ends in the queue's dead-letter queue after
 * {@code max_deliveries} tries while the jobs queued behind it are all handled.
 */
class PoisonInputIT {
    private static final int RPC_REQUESTS = 5_000;
    private static final int EVENTS = 3_000;
    private static final int HTTP_CALLS = 2_000;
    private static final int HUGE_EACH = 4;
    private static final int PUBLISH_BATCH = 250;
    private static final int HTTP_IN_FLIGHT = 16;
    private static final int GOOD_JOBS = 200;
    private static final int MAX_DELIVERIES = 5;
    private static final String REPLY_PREFIX = "fault6.";
    private static final String JOB_QUEUE = "evt-fault_src-job--poison.on_job";
    private static final String ORDER_QUEUE = "evt-fault_src-order--poison.on_order";
    private static final Pattern LOGGED_ID = Pattern.compile("(?:message id |called from fault\\.probe\\.)([reh]\\d+)");

    private static RabbitVhost vhost;
    private static NodeProcess node;
    private static int gatewayPort;
    private static Connection raw;
    private static final Map<String, String> SAMPLES = new ConcurrentHashMap<>();
    private static final Map<String, Delivery> replies = new ConcurrentHashMap<>();
    private static volatile Ledger replyLedger;
    private static final Map<String, BadRpcRequest> rpcKinds = new ConcurrentHashMap<>();

    @BeforeAll
    static void startNode() throws Exception {
        vhost = RabbitVhost.create("enoki-fault-");
        gatewayPort = FreePorts.next();
        String config = "max_workers: 8\nmax_message_size: 1048576\nmax_deliveries: " + MAX_DELIVERIES + "\n"
                + "gateway:\n  body_limit: 1048576\n  max_json_depth: 32\n";
        node = NodeProcess.start("poison-" + vhost.name(), config, line -> { }, "--broker", vhost.uri(),
                "--gateway", "127.0.0.1:" + gatewayPort, PoisonService.class.getName()).awaitReady();
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(vhost.uri());
        factory.setAutomaticRecoveryEnabled(false);
        raw = factory.newConnection("fault-6-raw");
        listenForReplies();
    }

    @AfterAll
    static void stopNode() throws IOException {
        if (raw != null) {
            raw.abort();
        }
        if (node != null) {
            node.close();
        }
        vhost.close();
    }

    /** A reply queue of the suite's own, bound so that {@code reply_to = fault6.<id>} lands in it. */
    private static void listenForReplies() throws IOException {
        Channel channel = raw.createChannel();
        String queue = channel.queueDeclare("fault6-replies", false, true, true, null).getQueue();
        channel.queueBind(queue, "nameko-rpc", REPLY_PREFIX + "*");
        channel.basicConsume(queue, true, (tag, delivery) -> onReply(delivery), tag -> { });
    }

    @Test
    void badMessagesGetTypedErrorsOrAreDroppedOnceAndTheNodeAnswersGoodCallsAfter() throws Exception {
        Ledger ledger = new Ledger("6 poison and malformed input");
        replyLedger = ledger;
        Map<String, String> eventLogs = new ConcurrentHashMap<>();
        long start = System.nanoTime();

        publishBadRequests(ledger);
        publishBadEvents(ledger, eventLogs);
        callGatewayBadly(ledger);

        List<String> unanswerable = rpcKinds.entrySet().stream().filter(e -> !e.getValue().answerable())
                .map(Map.Entry::getKey).toList();
        int answerable = RPC_REQUESTS - unanswerable.size() + HTTP_CALLS;
        await("every answerable request answered").atMost(Duration.ofSeconds(60))
                .until(() -> ledger.settledCount() >= answerable);
        Path log = nodeLog();
        await("every dropped message logged").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> loggedIds(log).size() >= unanswerable.size() + EVENTS);
        Map<String, List<String>> logged = loggedLines(log);
        settleFromLog(ledger, unanswerable, "has no reply_to", logged);
        eventLogs.forEach((id, words) -> settleOne(ledger, id, words, logged));
        double seconds = (System.nanoTime() - start) / 1e9;

        Map<String, Long> depth = queueDepths();
        assertGoodCallsStillWork();
        Ledger.Tally tally = ledger.report(String.format("%d AMQP requests answered with typed errors, %d without "
                        + "reply_to and %d events dropped and logged once each, %d HTTP calls answered 400/413; %d of "
                        + "each over the size limit; queues after: %s; %.1f s", RPC_REQUESTS - unanswerable.size(),
                unanswerable.size(), EVENTS, HTTP_CALLS, HUGE_EACH, depth, seconds));
        assertThat(node.isAlive()).as("node alive").isTrue();
        assertThat(tally.sent()).isEqualTo(RPC_REQUESTS + EVENTS + HTTP_CALLS);
        assertThat(tally.lost()).isZero();
        assertThat(tally.failures()).isEmpty();
        assertThat(tally.completed()).isEqualTo(tally.sent());
        assertThat(tally.duplicated()).as("a bad message logged more than once: redelivered").isZero();
        assertThat(tally.unexpected()).isZero();
        assertThat(depth).as("the service's queues").containsKeys("rpc-poison", ORDER_QUEUE, JOB_QUEUE);
        assertThat(depth.values()).as("messages left in the service's queues").allMatch(n -> n == 0);
        assertThat(node.stdout()).as("a bad request ran a method").noneMatch(l -> l.matches("(ECHO|ORDER|JOB) [reh]\\d+"));
    }

    @Test
    void alwaysFailingJobEndsInTheDeadLetterQueueWhileTheJobsBehindItAreHandled() throws Exception {
        Ledger ledger = new Ledger("6 requeueOnError poison job to dead-letter queue");
        Channel channel = raw.createChannel();
        channel.confirmSelect();
        ledger.sent("poison-1");
        channel.basicPublish("fault_src.events", "job", goodEvent("p"), BadBodies.utf8("\"poison-1\""));
        for (int i = 0; i < GOOD_JOBS; i++) {
            ledger.sent("job-" + i);
            channel.basicPublish("fault_src.events", "job", goodEvent("j" + i), BadBodies.utf8("\"job-" + i + "\""));
        }
        channel.waitForConfirmsOrDie(30_000);

        String dead = JOB_QUEUE + ".dead";
        await("poison dead-lettered, good jobs handled").atMost(Duration.ofSeconds(60))
                .until(() -> messageCount(dead) == 1 && jobLines("job-").size() >= GOOD_JOBS);
        GetResponse letter = channel.basicGet(dead, true);
        Object deliveries = letter.getProps().getHeaders().get("x-enoki-deliveries");
        List<String> lines = node.stdout();
        int poisonTries = (int) lines.stream().filter("JOB poison-1"::equals).count();
        if ("\"poison-1\"".equals(new String(letter.getBody(), StandardCharsets.UTF_8))
                && Integer.valueOf(MAX_DELIVERIES).equals(deliveries) && poisonTries == MAX_DELIVERIES) {
            ledger.completed("poison-1");
        }
        jobLines("job-").forEach(l -> {
            String id = l.substring("JOB ".length());
            ledger.executed(id);
            if (!ledger.settled(id)) {
                ledger.completed(id);
            }
        });
        int firstPoison = lines.indexOf("JOB poison-1");
        int lastPoison = lines.lastIndexOf("JOB poison-1");
        long handledMeanwhile = lines.subList(firstPoison, lastPoison).stream().filter(l -> l.startsWith("JOB job-")).count();

        Ledger.Tally tally = ledger.report(String.format("poison tried %d times, dead-lettered with "
                        + "x-enoki-deliveries=%s; %d good jobs handled between its first and last try; %s left in %s",
                poisonTries, deliveries, handledMeanwhile, channel.messageCount(JOB_QUEUE), JOB_QUEUE));
        assertThat(tally.lost()).isZero();
        assertThat(tally.completed()).isEqualTo(GOOD_JOBS + 1);
        assertThat(tally.duplicated()).isZero();
        assertThat(tally.unexpected()).isZero();
        assertThat(poisonTries).isEqualTo(MAX_DELIVERIES);
        assertThat(deliveries).isEqualTo(MAX_DELIVERIES);
        assertThat(handledMeanwhile).as("jobs handled while the poison job was being retried").isPositive();
        assertThat(channel.messageCount(JOB_QUEUE)).isZero();
        // The queues Nameko shares are still declared as Nameko declares them: RabbitMQ takes its declaration.
        channel.queueDeclare(JOB_QUEUE, true, false, false, null);
        channel.queueDeclare("rpc-poison", true, false, false, null);
    }

    private void publishBadRequests(Ledger ledger) throws Exception {
        Channel channel = raw.createChannel();
        channel.confirmSelect();
        for (int n = 0; n < RPC_REQUESTS; n++) {
            String id = "r" + n;
            BadRpcRequest kind = BadRpcRequest.nth(n, RPC_REQUESTS, HUGE_EACH);
            rpcKinds.put(id, kind);
            ledger.sent(id);
            channel.basicPublish("nameko-rpc", "poison." + kind.method, kind.properties(id, REPLY_PREFIX + id),
                    kind.body(id, n));
            if (n % PUBLISH_BATCH == PUBLISH_BATCH - 1) {
                channel.waitForConfirmsOrDie(30_000);
            }
        }
        channel.waitForConfirmsOrDie(30_000);
        channel.close();
    }

    /** Publishes the bad events, noting for each what the node's log must say about it. */
    private void publishBadEvents(Ledger ledger, Map<String, String> expectedLogs) throws Exception {
        Channel channel = raw.createChannel();
        channel.confirmSelect();
        for (int n = 0; n < EVENTS; n++) {
            String id = "e" + n;
            BadEvent kind = BadEvent.nth(n, EVENTS, HUGE_EACH);
            String eventType = BadEvent.eventType(n);
            expectedLogs.put(id, kind.logged);
            ledger.sent(id);
            channel.basicPublish("fault_src.events", eventType, kind.properties(id), kind.body(eventType, id, n));
            if (n % PUBLISH_BATCH == PUBLISH_BATCH - 1) {
                channel.waitForConfirmsOrDie(30_000);
            }
        }
        channel.waitForConfirmsOrDie(30_000);
        channel.close();
    }

    /** Real HTTP with a bounded number of calls in flight; each answer is checked as it comes. */
    private void callGatewayBadly(Ledger ledger) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        Semaphore window = new Semaphore(HTTP_IN_FLIGHT);
        for (int n = 0; n < HTTP_CALLS; n++) {
            String id = "h" + n;
            BadHttpCall kind = BadHttpCall.nth(n, HTTP_CALLS, HUGE_EACH);
            HttpRequest.Builder request = HttpRequest.newBuilder(gateway("/api/poison/" + kind.method))
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(kind.body(id, n)));
            if (kind.contentType != null) {
                request.header("Content-Type", kind.contentType);
            }
            window.acquire();
            ledger.sent(id);
            http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray()).whenComplete((response, error) -> {
                window.release();
                if (error != null) {
                    ledger.failed(id, error);
                } else if (response.statusCode() == kind.status && kind.expectedError.equals(excType(response.body()))) {
                    ledger.completed(id);
                } else {
                    ledger.failed(id, new WrongAnswer(kind + " got " + response.statusCode() + " "
                            + new String(response.body(), StandardCharsets.UTF_8)));
                }
            });
        }
        window.acquire(HTTP_IN_FLIGHT);
        window.release(HTTP_IN_FLIGHT);
    }

    private static void onReply(Delivery reply) {
        String id = reply.getEnvelope().getRoutingKey().substring(REPLY_PREFIX.length());
        replies.put(id, reply);
        BadRpcRequest kind = rpcKinds.get(id);
        Ledger ledger = replyLedger;
        if (kind == null || ledger == null) {
            return;   // a good call's reply, read by the test itself
        }
        String expectedCorrelation = kind == BadRpcRequest.NO_CORRELATION_ID ? null : id;
        String excType = excType(reply.getBody());
        if (kind.expectedError != null && kind.expectedError.equals(excType)
                && java.util.Objects.equals(expectedCorrelation, reply.getProperties().getCorrelationId())) {
            ledger.completed(id);
        } else {
            ledger.failed(id, new WrongAnswer(kind + " got correlation id " + reply.getProperties().getCorrelationId()
                    + " and " + new String(reply.getBody(), StandardCharsets.UTF_8)));
        }
    }

    private static String excType(byte[] body) {
        try {
            JsonNode root = Json.mapper().readTree(body);
            JsonNode error = root.has("error") ? root.get("error") : root;
            return error.path("exc_type").asText(null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** A dropped message is settled by the node's log: completed when named once in the expected words. */
    private static void settleFromLog(Ledger ledger, List<String> ids, String words, Map<String, List<String>> logged) {
        ids.forEach(id -> settleOne(ledger, id, words, logged));
    }

    private static void settleOne(Ledger ledger, String id, String words, Map<String, List<String>> logged) {
        List<String> lines = logged.getOrDefault(id, List.of());
        lines.forEach(l -> ledger.executed(id));
        if (lines.isEmpty()) {
            return;
        }
        if (lines.stream().allMatch(l -> l.contains(words))) {
            ledger.completed(id);
        } else {
            ledger.failed(id, new WrongAnswer("logged as " + lines.get(0)));
        }
    }

    private static java.util.Set<String> loggedIds(Path log) throws IOException {
        return loggedLines(log).keySet();
    }

    /** The node log's lines by the id of the bad message they name; answered requests' refusals included. */
    private static Map<String, List<String>> loggedLines(Path log) throws IOException {
        Map<String, List<String>> byId = new java.util.HashMap<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            Matcher m = LOGGED_ID.matcher(line);
            if (m.find() && !isAnsweredRequest(m.group(1))) {
                byId.computeIfAbsent(m.group(1), k -> new java.util.ArrayList<>()).add(line);
            }
        }
        return byId;
    }

    private static boolean isAnsweredRequest(String id) {
        BadRpcRequest kind = rpcKinds.get(id);
        return id.startsWith("h") || kind != null && kind.answerable();
    }

    private void assertGoodCallsStillWork() throws Exception {
        Channel channel = raw.createChannel();
        channel.confirmSelect();
        AMQP.BasicProperties request = goodEvent("good").builder().correlationId("good").replyTo(REPLY_PREFIX + "good")
                .build();
        channel.basicPublish("nameko-rpc", "poison.echo", request, BadBodies.utf8("{\"args\": [\"still here\"], \"kwargs\": {}}"));
        channel.basicPublish("fault_src.events", "order", goodEvent("good-order"),
                BadBodies.utf8("{\"id\": \"good-order\", \"quantity\": 2}"));
        channel.waitForConfirmsOrDie(10_000);
        HttpResponse<String> http = HttpClient.newHttpClient().send(HttpRequest.newBuilder(gateway("/api/poison/add"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("[2, 3]")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(http.statusCode()).isEqualTo(200);
        assertThat(http.body()).isEqualTo("5");
        await("good call answered, good event handled").atMost(Duration.ofSeconds(20))
                .until(() -> replies.containsKey("good") && node.stdout().contains("ORDER good-order"));
        assertThat(new String(replies.get("good").getBody(), StandardCharsets.UTF_8))
                .isEqualTo("{\"result\":\"still here\",\"error\":null}");
        channel.close();
    }

    /** The messages in a queue, 0 while it does not exist (asked on a channel of its own, which that closes). */
    private static long messageCount(String queue) throws Exception {
        try (Channel channel = raw.createChannel()) {
            return channel.messageCount(queue);
        } catch (IOException e) {
            return 0;
        }
    }

    private static List<String> jobLines(String prefix) {
        return node.stdout().stream().filter(l -> l.startsWith("JOB " + prefix)).toList();
    }

    private static AMQP.BasicProperties goodEvent(String id) {
        return new AMQP.BasicProperties.Builder().contentType("application/json").contentEncoding("utf-8")
                .deliveryMode(2).priority(0).headers(Map.of()).messageId(id).build();
    }

    /** Messages (ready and unacknowledged) in each of the vhost's queues, from the broker. */
    private static Map<String, Long> queueDepths() {
        Map<String, Long> depths = new java.util.TreeMap<>();
        for (String line : RabbitVhost.rabbitmqctl("list_queues", "-p", vhost.name(), "--no-table-headers",
                "name", "messages").split("\n")) {
            String[] cols = line.trim().split("\\s+");
            if (cols.length == 2 && !cols[0].startsWith("fault6-") && !cols[0].startsWith("rpc.reply-")) {
                depths.put(cols[0], Long.parseLong(cols[1]));
            }
        }
        return depths;
    }

    private Path nodeLog() {
        return Path.of(System.getProperty("node.logs", "target/node-logs"), node.name() + ".log");
    }

    private static URI gateway(String path) {
        return URI.create("http://127.0.0.1:" + gatewayPort + path);
    }

    /** A reply or response that is not the typed error the bad message deserves. */
    static final class WrongAnswer extends Exception {
        WrongAnswer(String message) {
            super(message, null, false, false);
            // One sample per kind on the build output, so a failure says what came back
            if (SAMPLES.putIfAbsent(message.split(" ", 2)[0], message) == null) {
                System.out.println("WRONG ANSWER " + message);
            }
        }
    }
}
