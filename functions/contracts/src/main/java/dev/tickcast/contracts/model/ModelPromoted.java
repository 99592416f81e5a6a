package dev.tickcast.contracts.model;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code dev.tickcast.model.promoted.v1}: a model version became the champion of a pair.
 *
 * @param location          where its artifacts are, e.g. {@code s3://tickcast-models/models/BTC-USD/20261121T1200Z/}
 * @param featureSchemaHash hash of the ordered feature list the model was trained on
 * @param previousVersion   the champion it replaced; absent for the first
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelPromoted(
        String pair,
        String version,
        String previousVersion,
        String location,
        String featureSchemaHash,
        Instant promotedAt,
        Map<String, Double> metrics) {
    public ModelPromoted {
        metrics = metrics == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(metrics));
    }
}
