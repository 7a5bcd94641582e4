package dev.enoki.benchmarks;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import dev.enoki.EnokiClient;
import dev.enoki.Rpc;
import dev.enoki.Service;
import dev.enoki.ServiceContainer;
import dev.enoki.ServiceProxy;
import dev.enoki.database.Database;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What {@code @Database} and exactly-once cost per call, over RabbitMQ (where a request has the delivery id that
 * exactly-once keys on) against the real PostgreSQL, in one rotation of windows: a method that writes nothing, a
 * method that inserts a row in its {@code @Database} transaction, and the same with {@code exactlyOnce}, which adds
 * the claim of the request and its recorded reply to that transaction. Settings: see {@link Comparison.Settings},
 * plus {@code uri=amqp://guest:guest@127.0.0.1:5672} and {@code database=jdbc:postgresql://127.0.0.1:5432/test}
 * (user {@code postgres}); the run works in a schema of its own and drops it after.
 */
public final class DatabaseBenchmark {
    private static final int WORKERS = 16;
    private static final int[] LEVELS = {1, 16};

    private DatabaseBenchmark() {
    }

    @Service("bench_no_database")
    public static class NoDatabase {
        @Rpc
        public String write(String id) {
            return id;
        }
    }

    @Service("bench_database")
    public static class PlainDatabase {
        @Database
        Connection connection;

        @Rpc
        public String write(String id) throws SQLException {
            return insert(connection, id);
        }
    }

    @Service("bench_exactly_once")
    public static class ExactlyOnce {
        @Database
        Connection connection;

        @Rpc(exactlyOnce = true)
        public String write(String id) throws SQLException {
            return insert(connection, id);
        }
    }

    static String insert(Connection connection, String id) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("INSERT INTO bench_rows (id) VALUES (?)")) {
            s.setString(1, id);
            s.executeUpdate();
        }
        return id;
    }

    public static void main(String[] args) throws Exception {
        Comparison.Settings settings = Comparison.Settings.parse(args);
        String uri = settings.extra().getOrDefault("uri", "amqp://guest:guest@127.0.0.1:5672");
        String database = settings.extra().getOrDefault("database", "jdbc:postgresql://127.0.0.1:5432/test");
        String schema = "enoki_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        execute(database, "CREATE SCHEMA " + schema);
        execute(database, "CREATE TABLE " + schema + ".bench_rows (id VARCHAR(64) NOT NULL)");

        Vertx vertx = Vertx.vertx();
        JsonObject config = new JsonObject().put("AMQP_URI", uri).put("max_workers", WORKERS).put("rpc_timeout", "60s")
                .put("database", new JsonObject().put("url", database + "?currentSchema=" + schema)
                        .put("user", "postgres"));
        List<ServiceContainer> containers = List.of(new ServiceContainer(NoDatabase.class, config),
                new ServiceContainer(PlainDatabase.class, config), new ServiceContainer(ExactlyOnce.class, config));
        for (ServiceContainer container : containers) {
            container.start(vertx).await();
        }
        EnokiClient client = EnokiClient.connect(vertx, config).await();
        ServiceProxy none = client.proxy("bench_no_database");
        ServiceProxy plain = client.proxy("bench_database");
        ServiceProxy once = client.proxy("bench_exactly_once");

        System.out.printf("RPC over RabbitMQ, PostgreSQL, %d workers per service; ratio: exactly-once to no "
                + "database; references: a plain @Database call (of bare: to no database; enoki of it: "
                + "exactly-once to it)%n", WORKERS);
        Comparison.run("database", new String[]{"no db", "exactlyOnce"}, LEVELS,
                ClosedLoop.outsideVertx(() -> none.callAsync("write", String.class, "x")),
                ClosedLoop.outsideVertx(() -> once.callAsync("write", String.class, "x")),
                Map.of("plain @Database", ClosedLoop.outsideVertx(() -> plain.callAsync("write", String.class, "x"))),
                settings);

        client.close();
        for (ServiceContainer container : containers) {
            container.stop().await();
        }
        vertx.close().await();
        execute(database, "DROP SCHEMA " + schema + " CASCADE");
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(uri);
        try (com.rabbitmq.client.Connection connection = factory.newConnection("bench-cleanup");
             Channel channel = connection.createChannel()) {
            for (String service : List.of("bench_no_database", "bench_database", "bench_exactly_once")) {
                channel.queueDelete("rpc-" + service);
            }
        }
    }

    private static void execute(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
