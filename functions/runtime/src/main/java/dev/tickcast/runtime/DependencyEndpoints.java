package dev.tickcast.runtime;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.Config;

import io.quarkus.runtime.StartupEvent;

/**
 * Tells {@link FailureKind} where this function's dependencies listen, from the settings every function reads
 * (the launcher and the cluster set the same ones), so that a connection refused on the database's port is
 * "PostgreSQL" and not just "a dependency".
 */
@ApplicationScoped
public class DependencyEndpoints {

    void register(@Observes StartupEvent start, Config config) {
        FailureKind.endpoint(FailureKind.POSTGRESQL, value(config, "quarkus.datasource.reactive.url"));
        FailureKind.endpoint(FailureKind.POSTGRESQL, value(config, "quarkus.datasource.jdbc.url"));
        FailureKind.endpoint(FailureKind.KAFKA, value(config, "kafka.bootstrap.servers"));
        FailureKind.endpoint(FailureKind.S3, value(config, "tickcast.s3.endpoint"));
    }

    private static String value(Config config, String name) {
        Optional<String> value = config.getOptionalValue(name, String.class);
        return value.orElse(null);
    }
}
