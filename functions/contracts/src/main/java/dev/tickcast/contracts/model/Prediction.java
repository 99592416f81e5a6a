package dev.tickcast.contracts.model;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * {@code dev.tickcast.prediction.v1}: the price of a pair predicted for {@code targetTime}.
 *
 * @param featuresTime       t, the time of the feature row the prediction was made from
 * @param targetTime         t + horizon
 * @param basePrice          the close at t
 * @param predictedLogReturn ln(predicted / base)
 */
public record Prediction(
        String pair,
        Instant featuresTime,
        Instant targetTime,
        int horizonMinutes,
        BigDecimal basePrice,
        BigDecimal predictedPrice,
        double predictedLogReturn,
        String modelVersion) {
}
