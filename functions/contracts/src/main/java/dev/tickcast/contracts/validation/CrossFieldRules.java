package dev.tickcast.contracts.validation;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tickcast.contracts.EventTypes;

/**
 * Rules between fields that JSON Schema cannot express. They run only on payloads that already passed their
 * schema, so every field they read is present and well-formed.
 */
final class CrossFieldRules {
    private CrossFieldRules() {
    }

    static List<Violation> check(String type, JsonNode payload) {
        List<Violation> violations = new ArrayList<>();
        switch (type) {
            case EventTypes.TRADES -> tradesInTimeOrder(payload, violations);
            case EventTypes.CANDLE -> candle(payload, violations);
            case EventTypes.PREDICTION -> prediction(payload, violations);
            default -> {
            }
        }
        return violations;
    }

    private static void tradesInTimeOrder(JsonNode batch, List<Violation> violations) {
        JsonNode trades = batch.get("trades");
        Instant previous = null;
        for (int i = 0; i < trades.size(); i++) {
            Instant time = Instant.parse(trades.get(i).get("time").asText());
            if (previous != null && time.isBefore(previous)) {
                violations.add(new Violation("trades[" + i + "].time", "event-time order",
                        "trades must be in event-time order, but " + time + " comes after " + previous));
                return;
            }
            previous = time;
        }
    }

    private static void candle(JsonNode candle, List<Violation> violations) {
        BigDecimal high = decimal(candle, "high");
        BigDecimal low = decimal(candle, "low");
        if (low.compareTo(high) > 0) {
            violations.add(new Violation("low", "low<=high", "low " + low + " is above high " + high));
        }
        for (String field : List.of("open", "close")) {
            BigDecimal value = decimal(candle, field);
            if (value.compareTo(low) < 0 || value.compareTo(high) > 0) {
                violations.add(new Violation(field, "low<=" + field + "<=high",
                        field + " " + value + " is outside [low " + low + ", high " + high + "]"));
            }
        }
        Instant start = Instant.parse(candle.get("start").asText());
        Instant end = Instant.parse(candle.get("end").asText());
        if (!Duration.between(start, end).equals(Duration.ofMinutes(1)) || start.getEpochSecond() % 60 != 0
                || start.getNano() != 0) {
            violations.add(new Violation("end", "end=start+1min",
                    "a candle spans one whole minute, but it runs from " + start + " to " + end));
        }
        if (candle.get("carriedForward").asBoolean() && candle.get("tradeCount").asInt() != 0) {
            violations.add(new Violation("tradeCount", "carriedForward=>tradeCount=0",
                    "a carried-forward candle has no trades, but tradeCount is " + candle.get("tradeCount").asInt()));
        }
    }

    private static void prediction(JsonNode prediction, List<Violation> violations) {
        Instant from = Instant.parse(prediction.get("featuresTime").asText());
        Instant target = Instant.parse(prediction.get("targetTime").asText());
        int horizon = prediction.get("horizonMinutes").asInt();
        if (!Duration.between(from, target).equals(Duration.ofMinutes(horizon))) {
            violations.add(new Violation("targetTime", "targetTime=featuresTime+horizon",
                    "targetTime " + target + " is not featuresTime " + from + " + " + horizon + " min"));
        }
    }

    private static BigDecimal decimal(JsonNode node, String field) {
        return new BigDecimal(node.get(field).asText());
    }
}
