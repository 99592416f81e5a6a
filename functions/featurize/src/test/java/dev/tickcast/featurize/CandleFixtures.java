package dev.tickcast.featurize;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import dev.tickcast.contracts.EventTypes;
import dev.tickcast.contracts.cloudevents.CloudEventEnvelope;
import dev.tickcast.contracts.json.Json;
import dev.tickcast.contracts.market.Candle;
import dev.tickcast.contracts.market.Trade;
import dev.tickcast.marketdata.TradesFile;

/** Candles for featurize's tests: synthetic ones, and real ones built from the Bitstamp trades. */
public final class CandleFixtures {
    public static final Instant DEFAULT_START = Instant.parse("2013-11-25T10:00:00Z");
    public static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private static List<Candle> bitstamp;

    private CandleFixtures() {
    }

    public static Candle createCandle(String pair, Instant start, String open, String high, String low, String close,
            String volume, int revision) {
        BigDecimal v = new BigDecimal(volume);
        return new Candle(pair, start, start.plusSeconds(60), new BigDecimal(open), new BigDecimal(high),
                new BigDecimal(low), new BigDecimal(close), v, new BigDecimal(close), v.signum() == 0 ? 0 : 3,
                false, revision);
    }

    /** A candle whose open, high, low and close are all {@code close}. */
    public static Candle createCandle(String pair, Instant start, String close, String volume) {
        return createCandle(pair, start, close, close, close, close, volume, 0);
    }

    /** {@code count} consecutive minutes of a seeded random walk around 800, some minutes without trades. */
    public static List<Candle> createCandles(String pair, int count, long seed) {
        Random random = new Random(seed);
        List<Candle> candles = new ArrayList<>(count);
        BigDecimal close = new BigDecimal("800.00");
        for (int i = 0; i < count; i++) {
            Instant start = DEFAULT_START.plus(i, ChronoUnit.MINUTES);
            if (random.nextInt(10) == 0) {
                candles.add(new Candle(pair, start, start.plusSeconds(60), close, close, close, close,
                        new BigDecimal("0.00000000"), close, 0, true, 0));
                continue;
            }
            BigDecimal open = close;
            close = price(close.doubleValue() * (1 + random.nextGaussian() * 0.002));
            BigDecimal high = open.max(close).add(price(random.nextDouble() * 1.5));
            BigDecimal low = open.min(close).subtract(price(random.nextDouble() * 1.5));
            BigDecimal volume = BigDecimal.valueOf(random.nextDouble() * 20).setScale(8, RoundingMode.HALF_UP);
            candles.add(new Candle(pair, start, start.plusSeconds(60), open, high, low, close, volume,
                    price((open.doubleValue() + close.doubleValue()) / 2), 1 + random.nextInt(40), false, 0));
        }
        return candles;
    }

    /** The first {@code count} minutes of the real Bitstamp BTC/USD trades as candles of {@code pair}. */
    public static List<Candle> createBitstampCandles(String pair, int count) {
        List<Candle> all = bitstampCandles();
        if (count > all.size()) {
            throw new IllegalArgumentException("the Bitstamp file spans " + all.size() + " minutes, not " + count);
        }
        return all.subList(0, count).stream().map(c -> new Candle(pair, c.start(), c.end(), c.open(), c.high(), c.low(),
                c.close(), c.volume(), c.vwap(), c.tradeCount(), c.carriedForward(), c.revision())).toList();
    }

    /** One-minute candles of the whole file; a minute without trades carries the last close forward. */
    private static synchronized List<Candle> bitstampCandles() {
        if (bitstamp == null) {
            List<Trade> trades = TradesFile.bitstamp();
            List<Candle> candles = new ArrayList<>();
            Instant minute = trades.get(0).time().truncatedTo(ChronoUnit.MINUTES);
            BigDecimal lastClose = null;
            int i = 0;
            while (i < trades.size()) {
                List<Trade> inMinute = new ArrayList<>();
                while (i < trades.size() && trades.get(i).time().truncatedTo(ChronoUnit.MINUTES).equals(minute)) {
                    inMinute.add(trades.get(i++));
                }
                candles.add(inMinute.isEmpty() ? carriedForward(minute, lastClose) : candle(minute, inMinute));
                lastClose = candles.get(candles.size() - 1).close();
                minute = minute.plus(1, ChronoUnit.MINUTES);
            }
            bitstamp = List.copyOf(candles);
        }
        return bitstamp;
    }

    private static Candle candle(Instant minute, List<Trade> trades) {
        BigDecimal high = trades.get(0).price();
        BigDecimal low = high;
        BigDecimal volume = BigDecimal.ZERO;
        BigDecimal notional = BigDecimal.ZERO;
        for (Trade t : trades) {
            high = high.max(t.price());
            low = low.min(t.price());
            volume = volume.add(t.quantity());
            notional = notional.add(t.price().multiply(t.quantity()));
        }
        BigDecimal close = trades.get(trades.size() - 1).price();
        BigDecimal vwap = volume.signum() == 0 ? close : notional.divide(volume, MathContext.DECIMAL64);
        return new Candle("BTC/USD", minute, minute.plusSeconds(60), trades.get(0).price(), high, low, close, volume,
                vwap, trades.size(), false, 0);
    }

    private static Candle carriedForward(Instant minute, BigDecimal close) {
        return new Candle("BTC/USD", minute, minute.plusSeconds(60), close, close, close, close, BigDecimal.ZERO,
                close, 0, true, 0);
    }

    private static BigDecimal price(double value) {
        return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP);
    }

    /** The candle.v1 event of a candle, as aggregate emits it (binary mode; a fresh id each time). */
    public static CloudEventEnvelope candleEvent(Candle candle) {
        return candleEvent(UUID.randomUUID().toString(), candle);
    }

    public static CloudEventEnvelope candleEvent(String id, Candle candle) {
        try {
            return CloudEventEnvelope.json(id, "/test/aggregate", EventTypes.CANDLE, candle.pair(),
                    OffsetDateTime.ofInstant(candle.end(), ZoneOffset.UTC), TRACEPARENT,
                    Json.mapper().writeValueAsBytes(candle));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
