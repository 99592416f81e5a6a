package dev.tickcast.runtime.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness {@code kafka-binding}: DOWN while the binding holds events back waiting for a dependency, with one entry
 * per dependency ("PostgreSQL": "waiting for PostgreSQL since …"). Not liveness: restarting would not bring the
 * dependency back.
 */
@Readiness
@ApplicationScoped
public class DependencyReadiness implements HealthCheck {
    static final String CHECK = "kafka-binding";

    @Inject
    DependencyOutages outages;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(CHECK).status(!outages.isWaiting());
        outages.waits().forEach(response::withData);
        return response.build();
    }
}
