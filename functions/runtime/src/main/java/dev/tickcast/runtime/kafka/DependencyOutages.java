package dev.tickcast.runtime.kafka;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.tickcast.runtime.telemetry.TickcastMeters;
import dev.tickcast.runtime.telemetry.TickcastMetric;
import dev.tickcast.runtime.telemetry.FunctionTelemetry;

/**
 * Which dependency the Kafka binding is waiting for, if any: between an infrastructure failure and the next success
 * the binding holds its events back (nothing dead-lettered, nothing committed past them). Shown as readiness
 * ({@link DependencyReadiness}: DOWN, "waiting for PostgreSQL since …") and as the {@code tickcast.dependency.waiting}
 * gauge.
 */
@ApplicationScoped
public class DependencyOutages {
    private static final Logger LOG = Logger.getLogger(DependencyOutages.class);

    @Inject
    TickcastMeters meters;

    @Inject
    FunctionTelemetry telemetry;

    private final Map<String, Instant> waitingSince = new ConcurrentHashMap<>();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final AtomicLong retries = new AtomicLong();
    private AutoCloseable gauge;

    @PostConstruct
    void instruments() {
        gauge = meters.gauge(TickcastMetric.DEPENDENCY_WAITING, g -> seen.forEach(
                dependency -> g.record(waitingSince.containsKey(dependency) ? 1 : 0, telemetry.function(), dependency)));
    }

    @PreDestroy
    void close() throws Exception {
        if (gauge != null) {
            gauge.close();
        }
    }

    /** An attempt failed because {@code dependency} is unavailable; the binding will retry. */
    void waiting(String dependency, Throwable failure) {
        seen.add(dependency);
        retries.incrementAndGet();
        if (waitingSince.putIfAbsent(dependency, Instant.now()) == null) {
            LOG.warnf("waiting for %s: holding events back and retrying until it is back (%s)", dependency,
                    failure.toString());
        }
    }

    /** An attempt got through: whatever was down is back. */
    void recovered() {
        if (!waitingSince.isEmpty()) {
            LOG.infof("%s back after %d retries: events flow again", waitingSince.keySet(), retries.get());
            waitingSince.clear();
            retries.set(0);
        }
    }

    public boolean isWaiting() {
        return !waitingSince.isEmpty();
    }

    /** What the binding waits for, by dependency: "waiting for PostgreSQL since … (n retries)". */
    public Map<String, String> waits() {
        Map<String, String> waits = new java.util.TreeMap<>();
        waitingSince.forEach((dependency, since) -> waits.put(dependency,
                "waiting for " + dependency + " since " + since + " (" + retries.get() + " retries)"));
        return waits;
    }
}
