package dev.tickcast.predict.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import dev.tickcast.contracts.market.FeatureRow;
import dev.tickcast.registry.ModelKind;

/**
 * Whether a feature row may be predicted, decided on event time only (the row's time, the newest predicted
 * row's time, the model's training data), so a replay at any speed gets the same answers as live. Checked in
 * this order, after a stored prediction of the row (which is always answered as stored):
 * <ol>
 * <li>warm-up: the row is flagged {@code warmup};</li>
 * <li>stale: {@code row.time < newestPredicted − maxLag};</li>
 * <li>no model: the pair has no champion that can be served;</li>
 * <li>expired: {@code row.time > model's training data end + modelMaxAge}, for a trained model; the persistence
 * baseline learnt nothing from its data, so it never expires;</li>
 * <li>schema mismatch: the hash of the row's feature schema (with the model's sentiment columns) differs from the
 * model's.</li>
 * </ol>
 */
public record ServingRules(Duration maxLag, Duration modelMaxAge) {

    /** Rules 1 and 2, which need no model. */
    public Optional<SkipReason> beforeModel(FeatureRow row, Instant newestPredicted) {
        if (row.warmup()) {
            return Optional.of(SkipReason.WARMUP);
        }
        if (newestPredicted != null && row.time().isBefore(newestPredicted.minus(maxLag))) {
            return Optional.of(SkipReason.STALE);
        }
        return Optional.empty();
    }

    /**
     * Rules 4 and 5, for a model of {@code kind} trained on data up to {@code trainedUntil} with schema hash
     * {@code modelHash}.
     */
    public Optional<SkipReason> withModel(FeatureRow row, ModelKind kind, Instant trainedUntil, String rowHash,
            String modelHash) {
        if (kind.expires() && row.time().isAfter(trainedUntil.plus(modelMaxAge))) {
            return Optional.of(SkipReason.EXPIRED);
        }
        if (!rowHash.equals(modelHash)) {
            return Optional.of(SkipReason.SCHEMA_MISMATCH);
        }
        return Optional.empty();
    }
}
