package dev.tickcast.marketdata.kraken;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.tickcast.contracts.market.Side;
import dev.tickcast.contracts.market.Trade;

/**
 * Kraken's wire formats to our {@link Trade}, exactly. REST sends prices and volumes as strings and times as JSON
 * numbers in seconds with a fraction; WebSocket v2 sends prices and quantities as JSON numbers and times as
 * RFC 3339 text. Numbers are read from their text as {@link BigDecimal} (never through a double), and every
 * decimal is normalised (trailing zeros dropped: REST's {@code "30243.40000"} and WebSocket's {@code 30243.4}
 * are the same price), so a trade reads the same whichever API delivered it.
 */
public final class KrakenWire {
    /** Floats become exact BigDecimals parsed from their text. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);

    private KrakenWire() {
    }

    static JsonNode read(String json) throws IOException {
        return MAPPER.readTree(json);
    }

    /** Nanoseconds since the epoch: the unit of REST's {@code since} and {@code last} cursors. */
    public static long nanos(Instant time) {
        return Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000_000L), time.getNano());
    }

    public static Instant ofNanos(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    /** Unix seconds with a decimal fraction ({@code 1688669597.8277369}) to the instant it names, to the nanosecond. */
    static Instant ofSeconds(BigDecimal seconds) {
        BigDecimal whole = seconds.setScale(0, RoundingMode.FLOOR);
        long nanos = seconds.subtract(whole).multiply(NANOS_PER_SECOND).setScale(0, RoundingMode.DOWN).longValueExact();
        return Instant.ofEpochSecond(whole.longValueExact(), nanos);
    }

    /** A JSON string or number as an exact, normalised decimal; {@code field} names it in the error. */
    static BigDecimal decimal(JsonNode node, String field) {
        BigDecimal value;
        if (node == null || node.isNull() || node.isMissingNode()) {
            throw new KrakenFormatException(field + ": missing");
        } else if (node.isTextual()) {
            try {
                value = new BigDecimal(node.textValue().trim());
            } catch (NumberFormatException e) {
                throw new KrakenFormatException(field + ": must be a decimal, got \"" + node.textValue() + "\"");
            }
        } else if (node.isBigDecimal() || node.isIntegralNumber()) {
            value = node.decimalValue();
        } else {
            // a double here would mean the mapper lost the exact text: refuse rather than round
            throw new KrakenFormatException(field + ": must be a decimal string or number, got " + node);
        }
        return normalise(value);
    }

    static BigDecimal normalise(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    /** One element of REST {@code result.<pair>}: {@code [price, volume, time, "b"|"s", "m"|"l", misc, trade_id]}. */
    static Trade restTrade(JsonNode row, String where) {
        if (!row.isArray() || row.size() < 7) {
            throw new KrakenFormatException(where + ": expected [price, volume, time, side, type, misc, trade_id], got " + row);
        }
        BigDecimal price = decimal(row.get(0), where + "[0] price");
        BigDecimal volume = decimal(row.get(1), where + "[1] volume");
        Instant time = ofSeconds(decimal(row.get(2), where + "[2] time"));
        Side side = switch (row.get(3).asText()) {
            case "b" -> Side.BUY;
            case "s" -> Side.SELL;
            default -> throw new KrakenFormatException(where + "[3] side: must be b or s, got " + row.get(3));
        };
        return new Trade(tradeId(row.get(6), where + "[6] trade_id"), time, price, volume, side);
    }

    /** One element of a WebSocket v2 {@code trade} message's {@code data}. */
    static Trade wsTrade(JsonNode trade, String where) {
        BigDecimal price = decimal(trade.get("price"), where + ".price");
        BigDecimal qty = decimal(trade.get("qty"), where + ".qty");
        Instant time;
        try {
            time = Instant.parse(trade.path("timestamp").asText());
        } catch (DateTimeParseException e) {
            throw new KrakenFormatException(where + ".timestamp: must be RFC 3339, got " + trade.get("timestamp"));
        }
        Side side = switch (trade.path("side").asText()) {
            case "buy" -> Side.BUY;
            case "sell" -> Side.SELL;
            default -> throw new KrakenFormatException(where + ".side: must be buy or sell, got " + trade.get("side"));
        };
        return new Trade(tradeId(trade.get("trade_id"), where + ".trade_id"), time, price, qty, side);
    }

    /** Kraken's trade id: a sequence number per book, the same in REST and WebSocket v2. */
    private static String tradeId(JsonNode node, String field) {
        if (node != null && (node.isIntegralNumber() || (node.isTextual() && node.textValue().matches("[0-9]{1,18}")))) {
            return Long.toString(node.asLong());
        }
        throw new KrakenFormatException(field + ": must be a whole number, got " + node);
    }

    /** A Kraken message that does not have the documented shape. */
    public static final class KrakenFormatException extends RuntimeException {
        KrakenFormatException(String message) {
            super(message);
        }
    }
}
