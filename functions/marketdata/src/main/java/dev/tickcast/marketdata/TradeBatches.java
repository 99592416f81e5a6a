package dev.tickcast.marketdata;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import dev.tickcast.contracts.EventTypes;
import dev.tickcast.contracts.cloudevents.CloudEventEnvelope;
import dev.tickcast.contracts.cloudevents.EventIds;
import dev.tickcast.contracts.json.Json;
import dev.tickcast.contracts.market.Trade;
import dev.tickcast.contracts.market.TradesBatch;

/**
 * Trades as {@code trades.v1} events: one batch per minute of event time, at most {@value #MAX_BATCH} trades.
 * Batch ids derive from their trades, so publishing the same trades again yields the same events.
 */
public final class TradeBatches {
    public static final int MAX_BATCH = 1000;

    private TradeBatches() {
    }

    /** Splits trades (in event-time order) into batches: one per minute, at most MAX_BATCH trades each. */
    public static List<List<Trade>> perMinute(List<Trade> trades) {
        List<List<Trade>> batches = new ArrayList<>();
        List<Trade> current = new ArrayList<>();
        Instant minute = null;
        for (Trade trade : trades) {
            Instant tradeMinute = trade.time().truncatedTo(ChronoUnit.MINUTES);
            if (!current.isEmpty() && (!tradeMinute.equals(minute) || current.size() == MAX_BATCH)) {
                batches.add(current);
                current = new ArrayList<>();
            }
            minute = tradeMinute;
            current.add(trade);
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return batches;
    }

    /** The binary-mode CloudEvent of one batch: subject and partition key are the pair, time its last trade. */
    public static CloudEventEnvelope event(String pair, String source, List<Trade> trades) {
        byte[] data;
        try {
            data = Json.mapper().writeValueAsBytes(new TradesBatch(pair, source, trades));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        String id = EventIds.derive(EventTypes.TRADES, pair, trades.get(0).id(), trades.get(trades.size() - 1).id(),
                Integer.toString(trades.size()));
        Instant last = trades.get(trades.size() - 1).time();
        return CloudEventEnvelope.json(id, "/tickcast/ingest/" + source, EventTypes.TRADES, pair,
                OffsetDateTime.ofInstant(last, ZoneOffset.UTC), null, data);
    }
}
