package dev.enoki.database.internal;

import dev.enoki.database.DatabaseOptions;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Flyway's migrations under {@code db/migration} on the service's class path, when it ships any, at start. */
final class Migrations {
    static final String LOCATION = "db/migration";
    private static final Logger log = LoggerFactory.getLogger(Migrations.class);

    private Migrations() {
    }

    static void run(DatabaseOptions options, String service, ClassLoader loader) {
        if (loader.getResource(LOCATION) == null) {
            return;
        }
        // Connections of Flyway's own, so a pool of one still migrates.
        MigrateResult result = Flyway.configure(loader)
                .dataSource(options.url(), options.user(), options.password())
                .locations("classpath:" + LOCATION)
                .load()
                .migrate();
        log.info("{}: database {} migrated to version {} ({} migrations applied)", service, options.safeUrl(),
                result.targetSchemaVersion == null ? result.initialSchemaVersion : result.targetSchemaVersion,
                result.migrationsExecuted);
    }
}
