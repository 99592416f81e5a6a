package dev.tickcast.aggregate.function;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.tickcast.contracts.EventTypes;
import dev.tickcast.contracts.cloudevents.CloudEventEnvelope;
import dev.tickcast.contracts.cloudevents.EventIds;
import dev.tickcast.contracts.json.Json;
import dev.tickcast.contracts.market.Candle;
import dev.tickcast.contracts.market.Trade;
import dev.tickcast.contracts.market.TradesBatch;

/** The candle.v1 event of a candle revision: its id is derived from (pair, minute, revision), so a re-send is a duplicate. */
public final class CandleEvents {
    public static final String SOURCE = "aggregate";

    private CandleEvents() {
    }

    public static String id(Candle candle) {
        return EventIds.derive("candle", candle.pair(), candle.start().toString(), Integer.toString(candle.revision()));
    }

    /** subject and partitionkey = the pair, time = the candle's end, traceparent carried from the trades event. */
    public static CloudEventEnvelope of(Candle candle, String traceparent) {
        try {
            return CloudEventEnvelope.json(id(candle), SOURCE, EventTypes.CANDLE, candle.pair(),
                    OffsetDateTime.ofInstant(candle.end(), ZoneOffset.UTC), traceparent,
                    Json.mapper().writeValueAsBytes(candle));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("candle " + id(candle) + " could not be written", e);
        }
    }

    /**
     * The trades.v1 that continues a pair's pending minutes: the batch's last trade once more. It is stored already,
     * so handling it adds nothing and only closes what is pending; queued behind the other pairs' events, it lets them
     * go first. Its id derives from the input's, so a redelivered input yields the same continuation.
     */
    public static CloudEventEnvelope continuation(String inputId, TradesBatch batch, String traceparent) {
        Trade last = batch.trades().get(batch.trades().size() - 1);
        try {
            return CloudEventEnvelope.json(EventIds.derive("aggregate-continue", inputId), SOURCE, EventTypes.TRADES,
                    batch.pair(), OffsetDateTime.ofInstant(last.time(), ZoneOffset.UTC), traceparent,
                    Json.mapper().writeValueAsBytes(new TradesBatch(batch.pair(), batch.source(), List.of(last))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the continuation of " + inputId + " could not be written", e);
        }
    }
}
