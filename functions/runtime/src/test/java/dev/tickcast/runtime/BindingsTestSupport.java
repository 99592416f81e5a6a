package dev.tickcast.runtime;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tickcast.contracts.EventFixtures;
import dev.tickcast.contracts.EventTypes;
import dev.tickcast.contracts.cloudevents.CloudEventEnvelope;
import dev.tickcast.contracts.json.Json;
import dev.tickcast.contracts.market.TradesBatch;

final class BindingsTestSupport {
    static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private BindingsTestSupport() {
    }

    static CloudEventEnvelope tradesEvent(TradesBatch batch) {
        return CloudEventEnvelope.json(UUID.randomUUID().toString(), "/test", EventTypes.TRADES, batch.pair(),
                OffsetDateTime.parse("2013-11-25T10:15:59Z"), TRACEPARENT, json(batch));
    }

    static CloudEventEnvelope tradesEvent() {
        return tradesEvent(EventFixtures.createTradesBatch());
    }

    static TradesBatch batchFrom(String source) {
        TradesBatch fixture = EventFixtures.createTradesBatch();
        return new TradesBatch(fixture.pair(), source, fixture.trades());
    }

    static byte[] json(Object payload) {
        try {
            return Json.mapper().writeValueAsBytes(payload);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode tree(byte[] json) {
        try {
            return Json.mapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
