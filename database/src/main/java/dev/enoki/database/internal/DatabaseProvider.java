package dev.enoki.database.internal;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import dev.enoki.AbstractDependencyProvider;
import dev.enoki.EnokiException;
import dev.enoki.EventHandler;
import dev.enoki.Rpc;
import dev.enoki.ServiceBusy;
import dev.enoki.WorkerContext;
import dev.enoki.database.Database;
import dev.enoki.database.DatabaseOptions;
import dev.enoki.json.Json;
import dev.enoki.rpc.ReplyBody;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code @Database}: a pooled connection per worker, committed when the method returns and rolled back when it
 * throws (in {@code workerResult}), given back in {@code workerTeardown}. For a method marked
 * {@code @Rpc(exactlyOnce = true)} or {@code @EventHandler(exactlyOnce = true)} the worker claims its delivery id in
 * {@code workerSetup}; a request already done is answered from its recorded reply, an event already handled is
 * acknowledged, and the method does not run.
 */
public final class DatabaseProvider extends AbstractDependencyProvider<Database, Connection> {
    private static final Logger log = LoggerFactory.getLogger(DatabaseProvider.class);
    private static final Duration LONGEST_PURGE_INTERVAL = Duration.ofHours(1);

    private final Map<WorkerContext, WorkerTransaction> transactions = new ConcurrentHashMap<>();
    /** The exactly-once methods, each with what its workers need to claim, record and answer. */
    private final Map<Method, ExactlyOnceMethod> exactlyOnce = new HashMap<>();
    /** The exactly-once event handlers already warned of an event without a message id: one warning each. */
    private final Set<Method> warnedOfEventsWithoutId = ConcurrentHashMap.newKeySet();
    private DatabaseOptions options;
    private ConnectionPool pool;
    private long purgeTimer = -1;
    private int defaultClaimWaitSeconds;

    /** The type to read a recorded result back into, and the method's subscription when it handles events. */
    private record ExactlyOnceMethod(JavaType result, EventHandler event) {
    }

    public DatabaseProvider() {
        super(Database.class);
    }

    @Override
    public Future<Void> setup() {
        options = DatabaseOptions.fromConfig(container.config(), System.getenv(), container.serviceName(),
                container.maxWorkers());
        defaultClaimWaitSeconds = (int) Math.max(1, container.options().rpcTimeout().toSeconds());
        // Off the event loop: the first result types it reads may load much of Jackson, seconds on a busy machine.
        return container.vertx().executeBlocking(() -> {
            findExactlyOnceMethods();
            Migrations.run(options, container.serviceName(), container.serviceClass().getClassLoader());
            pool = new ConnectionPool(options, container.serviceName());
            if (!exactlyOnce.isEmpty()) {
                try (Connection c = pool.borrow()) {
                    ExactlyOnceRecords.create(c);
                }
                purge();
            }
            log.info("{}: database {}{}, pool of {}", container.serviceName(), options.safeUrl(),
                    options.user() == null ? "" : " as " + options.user(), options.poolSize());
            return null;
        });
    }

    private void findExactlyOnceMethods() {
        for (Class<?> c = container.serviceClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                Rpc rpc = m.getAnnotation(Rpc.class);
                EventHandler handler = m.getAnnotation(EventHandler.class);
                if (rpc != null && rpc.exactlyOnce() || handler != null && handler.exactlyOnce()) {
                    exactlyOnce.put(m, new ExactlyOnceMethod(Json.type(m.getGenericReturnType()), handler));
                }
            }
        }
    }

    @Override
    public Future<Void> start() {
        if (!exactlyOnce.isEmpty()) {
            long every = Math.min(options.exactlyOnceRetention().toMillis(), LONGEST_PURGE_INTERVAL.toMillis());
            purgeTimer = container.vertx().setPeriodic(Math.max(1, every),
                    id -> container.vertx().executeBlocking(() -> {
                        purge();
                        return null;
                    }).onFailure(e -> log.warn("{}: purging old exactly-once records failed: {}",
                            container.serviceName(), e.getMessage())));
        }
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> stop() {
        container.vertx().cancelTimer(purgeTimer);
        return pool == null ? Future.succeededFuture() : container.vertx().executeBlocking(() -> {
            pool.close();
            return null;
        });
    }

    @Override
    public void kill() {
        container.vertx().cancelTimer(purgeTimer);
        if (pool != null) {
            container.vertx().executeBlocking(() -> {
                pool.close();
                return null;
            });
        }
    }

    @Override
    public Connection get(WorkerContext worker) {
        WorkerTransaction transaction = new WorkerTransaction(pool.borrow());
        transactions.put(worker, transaction);
        return transaction.connection;
    }

    @Override
    public void workerSetup(WorkerContext worker) {
        WorkerTransaction transaction = transactions.get(worker);
        Method method = worker.entrypoint().method();
        ExactlyOnceMethod exactly = exactlyOnce.get(method);
        if (transaction == null || exactly == null) {
            return;
        }
        EventHandler event = exactly.event();
        String deliveryId = worker.deliveryId();
        if (deliveryId == null) {
            if (event != null && warnedOfEventsWithoutId.add(method)) {
                log.warn("{}.{}: {} events from {} carry no message id (Nameko's dispatchers give none), so they are "
                        + "handled at least once, not exactly once", worker.serviceName(), worker.methodName(),
                        event.event(), event.source());
            }
            return;
        }
        try {
            String recorded = ExactlyOnceRecords.claim(transaction.connection, deliveryId, worker.serviceName(),
                    worker.methodName(), claimWaitSeconds(worker));
            if (recorded == null) {
                transaction.claimed = deliveryId;
                return;
            }
            transaction.answeredFromRecord = true;
            worker.answer(resultOf(recorded, exactly.result()));
            log.info(event == null ? "{}: request {} delivered again; answered from the record, not run again"
                    : "{}: event {} delivered again; its effects are recorded, so it is acknowledged, not run again",
                    worker.callId(), deliveryId);
        } catch (SQLException e) {
            if (event != null) {
                // Another delivery may hold the claim and still roll back: give the event back, do not drop it.
                throw new ServiceBusy("cannot claim event " + deliveryId + "; given back: " + e.getMessage());
            }
            throw new EnokiException("cannot claim request " + deliveryId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void workerResult(WorkerContext worker, Object result, Throwable error) {
        WorkerTransaction transaction = transactions.get(worker);
        if (transaction == null) {
            return;
        }
        try {
            if (error != null || transaction.answeredFromRecord) {
                transaction.rollback();
                return;
            }
            if (transaction.claimed != null) {
                ExactlyOnceRecords.record(transaction.connection, transaction.claimed, replyOf(result));
            }
            transaction.commit();
        } catch (SQLException e) {
            throw new EnokiException("database transaction of " + worker.callId() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void workerTeardown(WorkerContext worker) {
        WorkerTransaction transaction = transactions.remove(worker);
        if (transaction != null) {
            transaction.close(worker.callId());
        }
    }

    private static String replyOf(Object result) {
        try {
            return ReplyBody.of(result).toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new EnokiException("the result cannot be written as JSON, so it is not recorded: " + e.getMessage(), e);
        }
    }

    /** Until the caller's deadline; without one, as long as a call may wait by default. */
    private int claimWaitSeconds(WorkerContext worker) {
        if (worker.deadline() == 0) {
            return defaultClaimWaitSeconds;
        }
        long left = worker.deadline() - System.currentTimeMillis();
        return (int) Math.max(1, (left + 999) / 1000);
    }

    /** The recorded result as the method would have returned it, so the reply is written as the first one was. */
    private static Object resultOf(String recorded, JavaType type) {
        JsonNode result = ExactlyOnceRecords.result(recorded);
        Class<?> raw = type.getRawClass();
        if (raw == void.class || raw == Void.class || result == null || result.isNull()) {
            return null;
        }
        return Json.mapper().convertValue(result, type);
    }

    private void purge() throws SQLException {
        try (Connection c = pool.borrow()) {
            int deleted = ExactlyOnceRecords.purge(c,
                    System.currentTimeMillis() - options.exactlyOnceRetention().toMillis());
            if (deleted > 0) {
                log.info("{}: {} exactly-once records older than {} deleted", container.serviceName(), deleted,
                        options.exactlyOnceRetention());
            }
        }
    }
}
