package dev.enoki.database;

import dev.enoki.database.internal.DatabaseProvider;
import dev.enoki.DependencyAnnotation;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects a {@link java.sql.Connection} of the container's pool, one per worker, in a transaction that commits when
 * the method returns and rolls back when it throws. The database is the config's {@code database.url} (env
 * {@code ENOKI_DATABASE_URL}); with none, an in-memory H2 database of the service's own. Flyway migrations under
 * {@code db/migration} on the service's class path run at start. On a method marked
 * {@code @Rpc(exactlyOnce = true)} the reply is recorded in the same transaction, and a request delivered again is
 * answered from the record without running the method; on one marked {@code @EventHandler(exactlyOnce = true)} an
 * event delivered again is acknowledged without running it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@DependencyAnnotation(DatabaseProvider.class)
public @interface Database {
}
