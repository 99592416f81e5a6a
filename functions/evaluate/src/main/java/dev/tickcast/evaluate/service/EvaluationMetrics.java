package dev.tickcast.evaluate.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.tickcast.contracts.model.Evaluation;
import dev.tickcast.evaluate.repository.EvaluationStore;
import dev.tickcast.runtime.telemetry.TickcastMeters;
import dev.tickcast.runtime.telemetry.TickcastMetric;

/**
 * Model quality as metrics: each new evaluation counted and its absolute error recorded, and per pair and model
 * the latest rolling MAE, persistence MAE, skill and direction accuracy, and the latest hourly feature drift (PSI),
 * read by observable gauges. A redelivered
 * event that finds its evaluation already stored counts nothing.
 */
@ApplicationScoped
public class EvaluationMetrics {
    private static final List<Double> ERROR_BUCKETS = java.util.List.of(0.01, 0.05, 0.1, 0.25, 0.5, 1.0,
            2.5, 5.0, 10.0, 25.0, 50.0, 100.0, 250.0, 500.0, 1000.0);

    @Inject
    TickcastMeters meters;

    @Inject
    DriftMonitor drift;

    private final Map<Key, EvaluationStore.Rolling> latest = new ConcurrentHashMap<>();
    private TickcastMeters.Count evaluations;
    private TickcastMeters.Distribution absoluteError;
    private final List<AutoCloseable> gauges = new ArrayList<>();

    private record Key(String pair, String modelVersion) {
    }

    @PostConstruct
    void instruments() {
        evaluations = meters.counter(TickcastMetric.EVALUATIONS);
        absoluteError = meters.histogram(TickcastMetric.PREDICTION_ABSOLUTE_ERROR, ERROR_BUCKETS);
        gauges.add(meters.gauge(TickcastMetric.MODEL_ROLLING_MAE, g -> latest.forEach(
                (k, r) -> g.record(r.mae().doubleValue(), k.pair(), k.modelVersion()))));
        gauges.add(meters.gauge(TickcastMetric.MODEL_ROLLING_PERSISTENCE_MAE, g -> latest.forEach(
                (k, r) -> g.record(r.persistenceMae().doubleValue(), k.pair(), k.modelVersion()))));
        gauges.add(meters.gauge(TickcastMetric.MODEL_SKILL, g -> latest.forEach((k, r) -> {
            if (r.skill() != null) { // undefined while persistence's MAE is 0
                g.record(r.skill(), k.pair(), k.modelVersion());
            }
        })));
        gauges.add(meters.gauge(TickcastMetric.MODEL_DIRECTION_ACCURACY, g -> latest.forEach(
                (k, r) -> g.record(r.directionAccuracy(), k.pair(), k.modelVersion()))));
        // the PSI of each key feature in the latest measured hour, per pair and model
        gauges.add(meters.gauge(TickcastMetric.FEATURE_DRIFT_PSI, g -> drift.latest().values().forEach(
                d -> g.record(d.psi(), d.pair(), d.modelVersion(), d.feature()))));
    }

    @PreDestroy
    void close() throws Exception {
        for (AutoCloseable gauge : gauges) {
            gauge.close();
        }
    }

    /** What {@link EvaluationStore#record} did for {@code evaluation}. */
    public void recorded(Evaluation evaluation, EvaluationStore.Recorded recorded) {
        if (recorded.created()) {
            evaluations.increment(evaluation.pair(), evaluation.modelVersion(), Boolean.toString(evaluation.directionHit()));
            absoluteError.record(evaluation.absoluteError().doubleValue(), evaluation.pair(), evaluation.modelVersion());
        }
        recorded.rolling().ifPresent(r -> latest.put(new Key(evaluation.pair(), evaluation.modelVersion()), r));
    }
}
