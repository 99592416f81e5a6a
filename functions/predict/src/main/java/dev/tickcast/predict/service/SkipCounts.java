package dev.tickcast.predict.service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.tickcast.predict.domain.SkipReason;
import dev.tickcast.runtime.telemetry.TickcastMeters;
import dev.tickcast.runtime.telemetry.TickcastMetric;

/** Feature rows that got no prediction, by pair and reason, since start; exported as tickcast.predictions.skipped. */
@ApplicationScoped
public class SkipCounts {
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final TickcastMeters.Count skipped;

    @Inject
    SkipCounts(TickcastMeters meters) {
        skipped = meters.counter(TickcastMetric.PREDICTIONS_SKIPPED);
    }

    void increment(String pair, SkipReason reason) {
        counts.computeIfAbsent(key(pair, reason), k -> new LongAdder()).increment();
        skipped.increment(pair, reason.label());
    }

    public long count(String pair, SkipReason reason) {
        LongAdder count = counts.get(key(pair, reason));
        return count == null ? 0 : count.sum();
    }

    private static String key(String pair, SkipReason reason) {
        return pair + " " + reason.label();
    }
}
