package dev.tickcast.migrations;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies the versioned schema ({@code db/migration/V<n>__*.sql} in this jar) to a PostgreSQL database.
 * The launcher and the tests call it when they start the stack; in the cluster the migrations Job runs
 * {@link #main}. Functions never create or alter tables themselves.
 */
public final class Migrations {
    private Migrations() {
    }

    public static MigrateResult apply(String jdbcUrl, String user, String password) {
        return Flyway.configure()
                .dataSource(jdbcUrl, user, password)
                .locations("classpath:db/migration")
                .validateMigrationNaming(true)
                .load()
                .migrate();
    }

    /** Usage: {@code java -cp … dev.tickcast.migrations.Migrations} with TICKCAST_DB_JDBC_URL, _USER, _PASSWORD set. */
    public static void main(String[] args) {
        String url = required("TICKCAST_DB_JDBC_URL");
        MigrateResult result = apply(url, required("TICKCAST_DB_USER"), required("TICKCAST_DB_PASSWORD"));
        System.out.printf("schema at version %s (%d migration(s) applied)%n", result.targetSchemaVersion,
                result.migrationsExecuted);
    }

    private static String required(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            System.err.println(name + ": required environment variable is not set");
            System.exit(2);
        }
        return value;
    }
}
