package dev.tickcast.aggregate.domain;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The stored trades of one minute, aggregated exactly: open and close are the first and last trade by (time,
 * arrival), volume and notional ({@code Σ price × quantity}) exact sums.
 */
public record MinuteTrades(Instant start, BigDecimal open, BigDecimal high, BigDecimal low, BigDecimal close,
        BigDecimal volume, BigDecimal notional, int count) {
}
