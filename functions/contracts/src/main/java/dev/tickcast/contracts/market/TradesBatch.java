package dev.tickcast.contracts.market;

import java.util.List;

/**
 * {@code dev.tickcast.trades.v1}: trades of one pair in event-time order, as one exchange message or
 * one page of a backfill or replay delivered them.
 *
 * @param source where the trades came from, e.g. {@code kraken-ws}, {@code kraken-rest}, {@code file:bitstamp}
 */
public record TradesBatch(String pair, String source, List<Trade> trades) {
    public TradesBatch {
        trades = trades == null ? null : List.copyOf(trades);
    }
}
