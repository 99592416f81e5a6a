package dev.tickcast.evaluate.domain;

import java.math.BigDecimal;
import java.math.MathContext;

import dev.tickcast.contracts.model.DirectionHits;
import dev.tickcast.contracts.model.Evaluation;
import dev.tickcast.contracts.model.Prediction;

/**
 * How a prediction fared against the close that came true at its target time. Errors in prices are exact
 * decimals (the predicted price is the decimal predict stored; the actual close is a trade price).
 * <ul>
 * <li>absolute error = |actual − predicted|; percentage error = 100 × absolute error / actual;</li>
 * <li>persistence error = |actual − base|: the error of the naive forecast "the price stays where it was at t";</li>
 * <li>direction hit: {@link DirectionHits#hit}, sign(predicted − base) = sign(actual − base), the definition train
 * judges its holdout with. A flat outcome (actual = base) is a hit only for a flat prediction, so a model is not
 * rewarded for quiet minutes it did not call.</li>
 * </ul>
 */
public final class Scoring {
    private Scoring() {
    }

    public static Evaluation score(Prediction prediction, BigDecimal actual) {
        if (actual.signum() <= 0) {
            throw new IllegalArgumentException("actual close must be > 0, got " + actual);
        }
        BigDecimal base = prediction.basePrice();
        BigDecimal predicted = prediction.predictedPrice();
        BigDecimal absoluteError = actual.subtract(predicted).abs();
        double percentageError = absoluteError.multiply(BigDecimal.valueOf(100)).divide(actual, MathContext.DECIMAL64)
                .doubleValue();
        BigDecimal persistenceError = actual.subtract(base).abs();
        boolean directionHit = DirectionHits.hit(predicted.compareTo(base), actual.compareTo(base));
        return new Evaluation(prediction.pair(), prediction.featuresTime(), prediction.targetTime(),
                prediction.modelVersion(), base, predicted, actual, absoluteError, percentageError, persistenceError,
                directionHit);
    }
}
