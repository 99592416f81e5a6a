package dev.tickcast.train.service;

import java.time.Instant;
import java.util.List;

import dev.tickcast.featurestore.FeatureSchema;

/**
 * A training set in time order.
 *
 * @param featureNames    column order of {@link TrainingRow#features()}: what a model is trained on
 * @param featureSet      the market feature set (e.g. {@code market-v1}), part of the schema hash
 * @param candidates      non-warm-up feature rows in the range
 * @param warmupSkipped   feature rows skipped because they were flagged warm-up
 * @param noTarget        candidates dropped because no close exists at exactly t + horizon
 */
public record Dataset(List<String> featureNames, String featureSet, List<TrainingRow> rows, int candidates,
        int warmupSkipped, int noTarget) {

    public Dataset {
        featureNames = List.copyOf(featureNames);
        rows = List.copyOf(rows);
    }

    public int size() {
        return rows.size();
    }

    public Instant from() {
        return rows.isEmpty() ? null : rows.get(0).time();
    }

    public Instant to() {
        return rows.isEmpty() ? null : rows.get(rows.size() - 1).time();
    }

    public Dataset slice(int fromIndex, int toIndex) {
        return new Dataset(featureNames, featureSet, rows.subList(fromIndex, toIndex), toIndex - fromIndex, 0, 0);
    }

    /** SHA-256 (hex) of the feature set name and the ordered feature list: a model fits rows of this hash only. */
    public String schemaHash() {
        return schemaHash(featureSet, featureNames);
    }

    /** {@link FeatureSchema#hash(String, List)}: the hash predict checks a model against. */
    public static String schemaHash(String featureSet, List<String> featureNames) {
        return FeatureSchema.hash(featureSet, featureNames);
    }
}
