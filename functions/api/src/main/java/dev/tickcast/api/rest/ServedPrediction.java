package dev.tickcast.api.rest;

import java.math.BigDecimal;
import java.time.Instant;

import dev.tickcast.contracts.model.Prediction;

/**
 * A stored prediction (the {@code prediction.v1} payload, field for field) with the kind of the model that made
 * it: {@code persistence}, {@code linear} or {@code xgboost} from the registry, null if the registry cannot say.
 */
public record ServedPrediction(
        String pair,
        Instant featuresTime,
        Instant targetTime,
        int horizonMinutes,
        BigDecimal basePrice,
        BigDecimal predictedPrice,
        double predictedLogReturn,
        String modelVersion,
        String modelKind) {

    public static ServedPrediction of(Prediction p, String modelKind) {
        return new ServedPrediction(p.pair(), p.featuresTime(), p.targetTime(), p.horizonMinutes(), p.basePrice(),
                p.predictedPrice(), p.predictedLogReturn(), p.modelVersion(), modelKind);
    }
}
