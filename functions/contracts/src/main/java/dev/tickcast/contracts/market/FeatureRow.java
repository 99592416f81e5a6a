package dev.tickcast.contracts.market;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code dev.tickcast.features.v1}: the technical features of a pair at the close of one candle.
 *
 * @param time       the candle's end; a feature row is known from that instant on
 * @param values     feature name → value; {@code null} where the indicator has no value yet
 * @param warmup     true while any indicator lacks enough history to be trusted
 * @param featureSet name and version of the feature definitions, part of a model's schema hash
 */
public record FeatureRow(
        String pair,
        Instant time,
        BigDecimal close,
        Map<String, Double> values,
        boolean warmup,
        String featureSet) {
    public FeatureRow {
        // sorted, so that equal rows serialize to equal bytes
        values = values == null ? null : java.util.Collections.unmodifiableMap(new TreeMap<>(values));
    }
}
