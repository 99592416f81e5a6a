package dev.tickcast.contracts.model;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * {@code dev.tickcast.signal.v1}: buy, sell or hold, derived from one prediction.
 *
 * @param threshold the absolute predicted return below which the signal is hold (covers fees)
 */
public record TradingSignal(
        String pair,
        Instant time,
        SignalAction action,
        BigDecimal price,
        double predictedReturn,
        double threshold,
        String modelVersion) {
}
