package dev.enoki.redis;

import dev.enoki.DependencyAnnotation;
import dev.enoki.redis.internal.RedisProvider;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects the container's Redis client, an {@link io.vertx.redis.client.RedisAPI} on a pool of connections to the
 * config's {@code redis.url} (env {@code ENOKI_REDIS_URL}; default {@code redis://127.0.0.1:6379}). Its commands
 * return futures: wait on the worker's thread with {@code Blocking.await(redis.incr("visits"))}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@DependencyAnnotation(RedisProvider.class)
public @interface Redis {
}
