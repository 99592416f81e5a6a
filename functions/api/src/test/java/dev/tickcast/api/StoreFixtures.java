package dev.tickcast.api;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Rows as aggregate, predict and evaluate store them, written with the same parameterized SQL a store would use. */
public final class StoreFixtures {
    public static final Instant DEFAULT_T0 = Instant.parse("2013-11-25T10:00:00Z");
    public static final String DEFAULT_VERSION = "20261121T120000000Z";

    private StoreFixtures() {
    }

    public static void deletePair(Pool pool, String pair) {
        for (String table : new String[] { "candles", "predictions", "signals", "evaluations" }) {
            pool.preparedQuery("DELETE FROM " + table + " WHERE pair = $1").executeAndAwait(Tuple.of(pair));
        }
    }

    /** The 1-minute candle starting at {@code start} with every price {@code close}. */
    public static void createCandle(Pool pool, String pair, Instant start, BigDecimal close) {
        pool.preparedQuery("""
                INSERT INTO candles (pair, start_time, end_time, open, high, low, close, volume, vwap, trade_count,
                                     carried_forward, revision, published)
                VALUES ($1, $2, $3, $4, $4, $4, $4, 1.5, $4, 3, false, 0, true)""")
                .executeAndAwait(Tuple.of(pair, utc(start), utc(start.plusSeconds(60)), close));
    }

    /** A prediction made at {@code featuresTime} (a candle's end) for five minutes later. */
    public static void createPrediction(Pool pool, String pair, Instant featuresTime, BigDecimal base,
            BigDecimal predicted, String version) {
        double logReturn = Math.log(predicted.doubleValue() / base.doubleValue());
        pool.preparedQuery("""
                INSERT INTO predictions (pair, features_time, target_time, horizon_minutes, base_price, predicted_price,
                                         predicted_log_return, model_version)
                VALUES ($1, $2, $3, 5, $4, $5, $6, $7)""")
                .executeAndAwait(Tuple.tuple().addString(pair).addOffsetDateTime(utc(featuresTime))
                        .addOffsetDateTime(utc(featuresTime.plusSeconds(300))).addBigDecimal(base).addBigDecimal(predicted)
                        .addDouble(logReturn).addString(version));
    }

    public static void createSignal(Pool pool, String pair, Instant time, String action, BigDecimal price) {
        pool.preparedQuery("""
                INSERT INTO signals (pair, time, action, price, predicted_return, threshold, model_version)
                VALUES ($1, $2, $3, $4, 0.002, 0.001, $5)""")
                .executeAndAwait(Tuple.of(pair, utc(time), action, price, DEFAULT_VERSION));
    }

    /** The evaluation of a prediction made at {@code featuresTime}, with the errors derived from the prices. */
    public static void createEvaluation(Pool pool, String pair, Instant featuresTime, String version, BigDecimal base,
            BigDecimal predicted, BigDecimal actual) {
        BigDecimal error = predicted.subtract(actual).abs();
        double percentage = error.divide(actual, MathContext.DECIMAL64).doubleValue() * 100;
        boolean hit = predicted.compareTo(base) == actual.compareTo(base);
        pool.preparedQuery("""
                INSERT INTO evaluations (pair, features_time, target_time, model_version, base_price, predicted_price,
                                         actual_price, absolute_error, percentage_error, persistence_absolute_error,
                                         direction_hit, source_event_id)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)""")
                .executeAndAwait(Tuple.tuple().addString(pair).addOffsetDateTime(utc(featuresTime))
                        .addOffsetDateTime(utc(featuresTime.plusSeconds(300))).addString(version).addBigDecimal(base)
                        .addBigDecimal(predicted).addBigDecimal(actual).addBigDecimal(error).addDouble(percentage)
                        .addBigDecimal(actual.subtract(base).abs()).addBoolean(hit)
                        .addString("fixture-" + pair + "-" + featuresTime));
    }

    public static long count(Pool pool, String table, String pair) {
        return pool.preparedQuery("SELECT count(*) FROM " + table + " WHERE pair = $1").executeAndAwait(Tuple.of(pair))
                .iterator().next().getLong(0);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
