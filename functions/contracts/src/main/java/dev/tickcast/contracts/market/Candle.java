package dev.tickcast.contracts.market;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * {@code dev.tickcast.candle.v1}: one closed 1-minute OHLCV candle of a pair, by event time.
 *
 * @param start          inclusive start of the minute
 * @param end            exclusive end of the minute; the event's {@code time}
 * @param volume         the exact sum of the quantities of the minute's trades
 * @param vwap           volume-weighted average price; equal to close for a carried-forward candle
 * @param carriedForward true for a minute without trades: volume 0 and open = high = low = close = last close
 * @param revision       0 when first closed; higher when late trades revised an already emitted candle
 */
public record Candle(
        String pair,
        Instant start,
        Instant end,
        BigDecimal open,
        BigDecimal high,
        BigDecimal low,
        BigDecimal close,
        BigDecimal volume,
        BigDecimal vwap,
        int tradeCount,
        boolean carriedForward,
        int revision) {
}
