package dev.tickcast.contracts.model;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * {@code dev.tickcast.evaluation.v1}: how one prediction fared once its target minute closed.
 *
 * @param persistenceAbsoluteError |actual − base|: the error of predicting "the price stays"
 * @param directionHit             the predicted and the actual move had the same sign
 */
public record Evaluation(
        String pair,
        Instant featuresTime,
        Instant targetTime,
        String modelVersion,
        BigDecimal basePrice,
        BigDecimal predictedPrice,
        BigDecimal actualPrice,
        BigDecimal absoluteError,
        double percentageError,
        BigDecimal persistenceAbsoluteError,
        boolean directionHit) {
}
