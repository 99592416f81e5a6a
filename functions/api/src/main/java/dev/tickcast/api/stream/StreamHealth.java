package dev.tickcast.api.stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the stream reads the broker topic. */
@Readiness
@ApplicationScoped
public class StreamHealth implements HealthCheck {
    @Inject
    BrokerTail tail;

    @Inject
    StreamHub hub;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("stream").status(tail.positioned()).withData("clients", hub.clients()).build();
    }
}
