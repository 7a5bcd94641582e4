package dev.enoki.reliability;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import dev.enoki.EnokiClient;
import dev.enoki.EventQueueFull;
import dev.enoki.discovery.ClusterOptions;
import dev.enoki.discovery.ClusteredVertx;
import dev.enoki.internal.cluster.QueuedEvent;
import dev.enoki.reliability.fixtures.QueuedSinkService;
import dev.enoki.registry.RegistryFactory;
import dev.enoki.registry.ServiceRegistry;
import dev.enoki.reliability.fixtures.WorkService;
import dev.enoki.testsupport.ChildJvm;
import dev.enoki.testsupport.FreePorts;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 12: reliable events on the clustered event bus wait in the cluster's event queues. Nodes are
 * {@code enoki.jar run --cluster} JVMs; the test JVM is a lite member (it holds no queue data) that dispatches.
 * 12a: 1,000 events dispatched while the only subscribing service is stopped are all handled once it starts again.
 * 12b: 1,000 events dispatched into a stream handled by four instances, while the member holding the queue's
 * partition is killed with {@code kill -9}, and then an instance in the middle of a handler: none lost, duplicates
 * reported. 12c: a dispatch into a full queue fails to its dispatcher with {@link EventQueueFull}.
 */
class ClusterEventQueuesIT {
    private static final int EVENTS = 1_000;
    private static final Duration WAIT = Duration.ofSeconds(120);

    private final String clusterName = "enoki-fault-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<Integer> ports = List.of(FreePorts.next(), FreePorts.next(), FreePorts.next(),
            FreePorts.next(), FreePorts.next());
    private final String members = ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    private final List<NodeProcess> nodes = new ArrayList<>();
    /** Dispatches that settled, refused or not. */
    private final AtomicInteger dispatched = new AtomicInteger();
    private Ledger ledger;
    private Vertx member;
    private EnokiClient client;

    @AfterEach
    void cleanUp() {
        // the test's lite member leaves first: left alone with no data member, it fails its own leaving
        if (client != null) {
            client.close();
        }
        if (member != null) {
            member.close().await();
        }
        nodes.forEach(NodeProcess::close);
    }

    @Test
    void eventsDispatchedWhileTheOnlySubscriberIsStoppedAreHandledWhenItStartsAgain() throws Exception {
        ledger = new Ledger("12a cluster event queue, subscriber stopped");
        NodeProcess keeper0 = start(0, "keeper-0", "", WorkService.class.getName());
        NodeProcess keeper1 = start(1, "keeper-1", "", WorkService.class.getName());
        NodeProcess sink = start(2, "queued-sink-0", "", QueuedSinkService.class.getName());
        List.of(keeper0, keeper1, sink).forEach(NodeProcess::awaitReady);
        joinAsLiteMember("");

        sink.terminate();
        sink.awaitExit(Duration.ofSeconds(60));
        long dispatchStart = System.nanoTime();
        dispatch(0, EVENTS, 32);
        long dispatchMillis = (System.nanoTime() - dispatchStart) / 1_000_000;
        await("every dispatch settled").atMost(WAIT).until(() -> dispatched.get() == EVENTS);
        int waiting = hazelcast().getQueue(QueuedSinkService.QUEUE).size();

        long startAt = System.nanoTime();
        start(3, "queued-sink-1", "", QueuedSinkService.class.getName()).awaitReady();
        await("every event handled").atMost(WAIT).until(() -> ledger.settledCount() == EVENTS);
        long drainMillis = (System.nanoTime() - startAt) / 1_000_000;

        Ledger.Tally tally = ledger.report(String.format("%d events dispatched in %d ms while the only subscriber was "
                + "stopped, %d waiting in its queue; all handled %d ms after a new instance started", EVENTS,
                dispatchMillis, waiting, drainMillis));
        assertThat(waiting).isEqualTo(EVENTS);
        assertThat(tally.completed()).isEqualTo(EVENTS);
        assertThat(tally.lost()).isZero();
        assertThat(tally.unexpected()).isZero();
    }

    @Test
    void eventsSurviveTheKillOfTheQueuesHolderAndOfAnInstanceMidHandler() throws Exception {
        ledger = new Ledger("12b cluster event queue, kill -9 of the queue's holder and of a handler");
        Map<String, String> slow = Map.of("QUEUED_SINK_MILLIS", "20");
        for (int i = 0; i < 4; i++) {
            nodes.add(NodeProcess.start("queued-sink-" + i, config(""), slow, this::record, clusterArgs(i,
                    QueuedSinkService.class.getName())));
        }
        nodes.forEach(NodeProcess::awaitReady);
        joinAsLiteMember("");

        // Half the events, and the queue's holder killed in their stream
        Thread first = dispatchInBackground(0, EVENTS / 2, 16);
        await("a quarter handled").atMost(WAIT).until(() -> ledger.settledCount() >= EVENTS / 4);
        NodeProcess holder = holderOf(QueuedSinkService.QUEUE);
        int depthAtFirstKill = hazelcast().getQueue(QueuedSinkService.QUEUE).size();
        holder.kill();
        first.join(WAIT.toMillis());
        await("the cluster is safe again").atMost(WAIT)
                .until(() -> hazelcast().getPartitionService().isClusterSafe() && clusterSize() == 4);

        // The other half, and an instance killed in the middle of a handler
        Thread second = dispatchInBackground(EVENTS / 2, EVENTS / 2, 16);
        NodeProcess handler = midHandler(holder);
        handler.kill();
        second.join(WAIT.toMillis());
        try {
            await("every event settled").atMost(WAIT).until(() -> ledger.settledCount() == EVENTS);
        } catch (ConditionTimeoutException e) {
            // the ledger says which were lost; the assertions below fail on them
        }
        Ledger.Tally tally = ledger.report(String.format("4 instances, 20 ms handlers; the queue's holder killed "
                + "with -9 at %d events waiting, then an instance mid-handler%s", depthAtFirstKill, whereLost()));
        assertThat(tally.lost()).isZero();
        assertThat(tally.unexpected()).isZero();
        assertThat(tally.completed()).isEqualTo(EVENTS - tally.failed());
    }

    @Test
    void aDispatchIntoAFullQueueFailsToItsDispatcherWithEventQueueFull() throws Exception {
        ledger = new Ledger("12c cluster event queue, full queue");
        String small = "  event_queue_size: 50\n";   // in the cluster section
        NodeProcess keeper = start(0, "keeper-0", small, WorkService.class.getName());
        NodeProcess sink = start(1, "queued-sink-0", small, QueuedSinkService.class.getName());
        List.of(keeper, sink).forEach(NodeProcess::awaitReady);
        joinAsLiteMember("50");

        sink.terminate();
        sink.awaitExit(Duration.ofSeconds(60));
        dispatch(0, 80, 1);
        await("every dispatch settled").atMost(WAIT).until(() -> dispatched.get() == 80);
        int refused = ledger.tally().failures().getOrDefault(EventQueueFull.class.getSimpleName(), 0);

        NodeProcess again = start(2, "queued-sink-1", small, QueuedSinkService.class.getName()).awaitReady();
        await("every event settled").atMost(WAIT).until(() -> ledger.settledCount() == 80);
        Ledger.Tally tally = ledger.report("event_queue_size 50, 80 events dispatched one by one while the "
                + "subscriber was stopped; " + refused + " refused with EventQueueFull, the rest handled once it started");

        // The subscriber goes away for good: its queue shows what piles up, and the command line purges it.
        again.terminate();
        again.awaitExit(Duration.ofSeconds(60));
        for (int i = 0; i < 5; i++) {
            client.dispatchAsync(QueuedSinkService.SOURCE, QueuedSinkService.EVENT, "orphan-" + i).await();
        }
        ServiceRegistry registry = RegistryFactory.forVertx(member, new JsonObject());
        await("the registry lists the abandoned queue").atMost(WAIT).until(() -> registry.eventQueues().await()
                .stream().map(JsonObject.class::cast).anyMatch(q -> q.getString("queue").equals(QueuedSinkService.QUEUE)
                        && q.getInteger("depth") == 5 && !q.getBoolean("subscribed")));
        List<String> listed = cli("events");
        assertThat(listed).anyMatch(l -> l.startsWith(QueuedSinkService.QUEUE) && l.contains(" 5 ")
                && l.contains("nobody takes them"));
        assertThat(cli("events", "purge", QueuedSinkService.QUEUE)).contains("purged " + QueuedSinkService.QUEUE
                + ": 5 event(s) dropped");
        assertThat(hazelcast().getQueue(QueuedSinkService.QUEUE).size()).isZero();
        assertThat(registry.eventQueues().await()).isEmpty();
        assertThat(tally.completed()).isEqualTo(50);
        assertThat(tally.failures()).isEqualTo(Map.of("EventQueueFull", 30));
        assertThat(tally.lost()).isZero();
        assertThat(tally.unexpected()).isZero();
    }

    private Thread dispatchInBackground(int from, int count, int window) {
        Thread dispatcher = new Thread(() -> dispatch(from, count, window), "fault-dispatcher-" + from);
        dispatcher.start();
        return dispatcher;
    }

    /**
     * Dispatches events {@code from} to {@code from + count - 1}, {@code window} at a time; a refusal settles its
     * event as failed.
     */
    private void dispatch(int from, int count, int window) {
        Semaphore inFlight = new Semaphore(window);
        for (int i = from; i < from + count; i++) {
            String id = "event-" + i;
            inFlight.acquireUninterruptibly();
            ledger.sent(id);
            client.dispatchAsync(QueuedSinkService.SOURCE, QueuedSinkService.EVENT, id).onComplete(r -> {
                if (r.failed()) {
                    settle(id, r.cause());
                }
                dispatched.incrementAndGet();
                inFlight.release();
            });
        }
    }

    /** The first outcome of an event counts; a redelivered event is handled again, counted as a duplicate. */
    private synchronized void settle(String id, Throwable failure) {
        if (!ledger.settled(id)) {
            if (failure == null) {
                ledger.completed(id);
            } else {
                ledger.failed(id, failure);
            }
        }
    }

    private void record(String line) {
        ledger.nodeLine(line);
        if (line.startsWith("HANDLED ")) {
            settle(line.substring(8), null);
        }
    }

    private NodeProcess start(int port, String name, String extraConfig, String... services) {
        NodeProcess node = NodeProcess.start(name, config(extraConfig), this::record, clusterArgs(port, services));
        nodes.add(node);
        return node;
    }

    private String[] clusterArgs(int port, String... services) {
        List<String> args = new ArrayList<>(List.of("--cluster", "--cluster-port", String.valueOf(ports.get(port)),
                "--members", members));
        args.addAll(List.of(services));
        return args.toArray(String[]::new);
    }

    /** {@code clusterExtra}: more of the cluster section, indented. */
    private String config(String clusterExtra) {
        return "max_workers: 2\ncluster:\n  name: " + clusterName + "\n  failure_timeout: 3s\n" + clusterExtra;
    }

    private void joinAsLiteMember(String queueSize) {
        JsonObject cluster = new JsonObject().put("name", clusterName).put("failure_timeout", "3s")
                .put("port", ports.get(4)).put("members", members);
        if (!queueSize.isEmpty()) {
            cluster.put("event_queue_size", Integer.parseInt(queueSize));
        }
        JsonObject config = new JsonObject().put("cluster", cluster);
        member = ClusteredVertx.start(ClusterOptions.fromConfig(config, Map.of()).setLiteMember(true)).await();
        client = EnokiClient.connect(member, config).await();
    }

    /** Runs the command line against the cluster, as a Hazelcast client; its standard output. */
    private List<String> cli(String... command) throws Exception {
        Path config = Files.createTempFile("enoki-cli", ".yml");
        Files.writeString(config, config(""));
        List<String> args = new ArrayList<>(List.of("-jar", System.getProperty("enoki.jar", "../launcher/target/enoki.jar")));
        args.addAll(List.of(command));
        args.addAll(List.of("--config", config.toString(), "--cluster", "--members", members));
        try (ChildJvm jvm = ChildJvm.java("cli-" + command[command.length - 1]).args(args).start()) {
            assertThat(jvm.awaitExit(WAIT)).as("exit code of enoki %s; stderr %s", args, jvm.stderr()).isZero();
            return jvm.stdout();
        }
    }

    /** Where the events the ledger counts as lost are: waiting in their queue, in flight and for whom, or neither. */
    private String whereLost() {
        List<String> lost = ledger.lost();
        if (lost.isEmpty()) {
            return "";
        }
        Map<String, String> places = new TreeMap<>();
        for (String item : hazelcast().<String>getQueue(QueuedSinkService.QUEUE)) {
            String id = idOf(item);
            if (lost.contains(id)) {
                places.merge(id, "waiting", (a, b) -> a + ", " + b);
            }
        }
        List<String> live = ((VertxInternal) member).clusterManager().getNodes();
        hazelcast().<String, String>getMap("enoki.events-in-flight").forEach((key, value) -> {
            JsonObject entry = new JsonObject(value);
            String id = idOf(entry.getString("item"));
            if (lost.contains(id)) {
                String owner = entry.getString("owner");
                places.merge(id, "in flight for " + (live.contains(owner) ? "live" : "gone") + " node " + owner,
                        (a, b) -> a + ", " + b);
            }
        });
        lost.forEach(id -> places.putIfAbsent(id, "neither waiting nor in flight"));
        return "; lost " + places;
    }

    private static String idOf(String item) {
        return String.valueOf(Json.decodeValue(QueuedEvent.decode(item).body()));
    }

    private HazelcastInstance hazelcast() {
        return ((HazelcastClusterManager) ((VertxInternal) member).clusterManager()).getHazelcastInstance();
    }

    private int clusterSize() {
        return hazelcast().getCluster().getMembers().size();
    }

    /** The node whose Hazelcast member owns the partition of {@code queue}: it holds the queue's events. */
    private NodeProcess holderOf(String queue) {
        Member owner = hazelcast().getPartitionService().getPartition(queue).getOwner();
        int index = ports.indexOf(owner.getAddress().getPort());
        assertThat(index).as("the queue's holder is one of the nodes").isBetween(0, nodes.size() - 1);
        return nodes.get(index);
    }

    /** A live node other than {@code dead} whose last line says it started an event and has not finished it. */
    private NodeProcess midHandler(NodeProcess dead) {
        return await("an instance mid-handler").atMost(WAIT).pollInterval(Duration.ofMillis(5)).until(() ->
                nodes.stream().filter(n -> n != dead && n.isAlive()).filter(n -> {
                    List<String> lines = n.stdout();
                    return !lines.isEmpty() && lines.get(lines.size() - 1).startsWith("EXEC ");
                }).findFirst().orElse(null), n -> n != null);
    }
}
