package dev.tickcast.predict.service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tickcast.predict.domain.SkipReason;

/** Feature rows that got no prediction, by pair and reason, since start. */
@ApplicationScoped
public class SkipCounts {
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    void increment(String pair, SkipReason reason) {
        counts.computeIfAbsent(key(pair, reason), k -> new LongAdder()).increment();
    }

    public long count(String pair, SkipReason reason) {
        LongAdder count = counts.get(key(pair, reason));
        return count == null ? 0 : count.sum();
    }

    private static String key(String pair, SkipReason reason) {
        return pair + " " + reason.label();
    }
}
