package dev.tickcast.train.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.tickcast.contracts.market.FeatureRow;
import dev.tickcast.featurestore.FeatureSchema;

/**
 * Builds the training set from the feature store's rows of one pair.
 * <ul>
 * <li>Features at t: the market row whose time is t (known from t on) and the sentiment values as of t.
 * Nothing from after t can enter: the row is t's own and sentiment is joined as of t.</li>
 * <li>Target: the close of the row at exactly t + horizon, looked up by timestamp, not by shifting rows (a
 * gap in the series would otherwise pair t with a later minute). No such row: the example is dropped and
 * counted.</li>
 * <li>Warm-up rows are not examples (their closes still serve as targets of earlier rows).</li>
 * </ul>
 */
public final class DatasetBuilder {
    public static final Duration HORIZON = Duration.ofMinutes(5);
    /** The moving-average drift baseline extrapolates the mean one-minute log return over this lookback. */
    public static final Duration DRIFT_LOOKBACK = Duration.ofMinutes(15);

    private DatasetBuilder() {
    }

    /**
     * @param market rows of one pair and one feature set, oldest first, covering the range plus the horizon
     * @param until  examples have {@code time < until}; their targets may lie up to a horizon later
     */
    public static Dataset build(List<FeatureRow> market, SentimentFeatures sentiment, Instant until) {
        if (market.isEmpty()) {
            return new Dataset(sentiment.names(), "none", List.of(), 0, 0, 0);
        }
        String featureSet = market.get(0).featureSet();
        List<String> marketNames = new ArrayList<>(market.stream().filter(r -> !r.warmup()).findFirst()
                .orElse(market.get(0)).values().keySet());
        Map<Instant, Double> closeAt = new HashMap<>();
        for (FeatureRow row : market) {
            if (!row.featureSet().equals(featureSet)) {
                throw new IllegalArgumentException("feature_set: one training set needs one feature set, got '"
                        + featureSet + "' and '" + row.featureSet() + "' at " + row.time());
            }
            closeAt.put(row.time(), row.close().doubleValue());
        }
        List<FeatureRow> candidates = new ArrayList<>();
        int warmup = 0;
        for (FeatureRow row : market) {
            if (!row.time().isBefore(until)) {
                continue;
            }
            if (row.warmup()) {
                warmup++;
            } else {
                candidates.add(row);
            }
        }
        List<double[]> sentimentValues = sentiment.asOfEach(candidates.stream().map(FeatureRow::time).toList());
        // the one definition of a model's columns, shared with predict
        FeatureSchema schema = new FeatureSchema(featureSet, marketNames, sentiment.names());
        List<TrainingRow> rows = new ArrayList<>(candidates.size());
        int noTarget = 0;
        for (int i = 0; i < candidates.size(); i++) {
            FeatureRow row = candidates.get(i);
            Double target = closeAt.get(row.time().plus(HORIZON));
            if (target == null) {
                noTarget++;
                continue;
            }
            double[] x = schema.vector(row, sentimentValues.get(i));
            double close = row.close().doubleValue();
            Double past = closeAt.get(row.time().minus(DRIFT_LOOKBACK));
            double drift = past == null ? Double.NaN
                    : Math.log(close / past) * HORIZON.toMinutes() / DRIFT_LOOKBACK.toMinutes();
            rows.add(new TrainingRow(row.time(), x, close, drift, target));
        }
        return new Dataset(schema.names(), featureSet, rows, candidates.size(), warmup, noTarget);
    }
}
