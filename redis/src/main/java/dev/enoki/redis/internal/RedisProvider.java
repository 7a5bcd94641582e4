package dev.enoki.redis.internal;

import dev.enoki.AbstractDependencyProvider;
import dev.enoki.EnokiException;
import dev.enoki.WorkerContext;
import dev.enoki.redis.Redis;
import dev.enoki.redis.RedisSettings;
import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code @Redis}: one client per field and container, on a pool as large as the container's workers, so a worker
 * never waits for another's connection; shared by the workers, since a Redis command is one request and one reply.
 * A Redis that cannot be reached fails the start.
 */
public final class RedisProvider extends AbstractDependencyProvider<Redis, RedisAPI> {
    private static final Logger log = LoggerFactory.getLogger(RedisProvider.class);

    private io.vertx.redis.client.Redis client;
    private RedisAPI api;

    public RedisProvider() {
        super(Redis.class);
    }

    @Override
    public Future<Void> setup() {
        RedisSettings settings = RedisSettings.fromConfig(container.config(), System.getenv(), container.maxWorkers());
        client = io.vertx.redis.client.Redis.createClient(container.vertx(), new RedisOptions()
                .setConnectionString(settings.url())
                .setMaxPoolSize(settings.poolSize())
                .setMaxPoolWaiting(container.maxWorkers() * 4));
        api = RedisAPI.api(client);
        return client.connect()
                .compose(connection -> connection.close())
                .recover(e -> Future.failedFuture(new EnokiException("cannot reach Redis at " + settings.safeUrl()
                        + ": " + e.getMessage(), e)))
                .onSuccess(v -> log.info("{}: Redis at {}, pool of {}", container.serviceName(), settings.safeUrl(),
                        settings.poolSize()));
    }

    @Override
    public RedisAPI get(WorkerContext worker) {
        return api;
    }

    @Override
    public Future<Void> stop() {
        return client == null ? Future.succeededFuture() : client.close();
    }

    @Override
    public void kill() {
        if (client != null) {
            client.close();
        }
    }
}
