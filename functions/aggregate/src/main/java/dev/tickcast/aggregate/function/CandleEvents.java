package dev.tickcast.aggregate.function;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.tickcast.contracts.EventTypes;
import dev.tickcast.contracts.cloudevents.CloudEventEnvelope;
import dev.tickcast.contracts.cloudevents.EventIds;
import dev.tickcast.contracts.json.Json;
import dev.tickcast.contracts.market.Candle;

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
}
