package dev.tickcast.aggregate.repository;

import static dev.tickcast.aggregate.repository.ProgressRepository.utc;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tickcast.aggregate.domain.MinuteRange;
import dev.tickcast.contracts.market.Candle;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** Closed candles, the latest revision per minute; {@code published} is the outbox flag of candle.v1. */
@ApplicationScoped
public class CandleRepository {
    private static final String COLUMNS = "pair, start_time, end_time, open, high, low, close, volume, vwap,"
            + " trade_count, carried_forward, revision";
    private static final String IN_RANGE = """
            SELECT %s FROM candles WHERE pair = $1 AND start_time >= $2 AND start_time < $3""".formatted(COLUMNS);
    private static final String NEXT_TRADED = """
            SELECT m.start_time, (SELECT min(c.start_time) FROM candles c
                                  WHERE c.pair = $1 AND c.start_time > m.start_time AND NOT c.carried_forward) AS next
            FROM UNNEST($2::timestamptz[]) AS m(start_time)""";
    private static final String SAVE = """
            INSERT INTO candles (%s, published)
            SELECT $1, c.start_time, c.end_time, c.open::numeric, c.high::numeric, c.low::numeric, c.close::numeric,
                   c.volume::numeric, c.vwap::numeric, c.trade_count, c.carried_forward, c.revision, false
            FROM UNNEST($2::timestamptz[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                        $9::text[], $10::int[], $11::bool[], $12::int[])
                 AS c(start_time, end_time, open, high, low, close, volume, vwap, trade_count, carried_forward, revision)
            ON CONFLICT (pair, start_time) DO UPDATE SET open = EXCLUDED.open, high = EXCLUDED.high, low = EXCLUDED.low,
                close = EXCLUDED.close, volume = EXCLUDED.volume, vwap = EXCLUDED.vwap, trade_count = EXCLUDED.trade_count,
                carried_forward = EXCLUDED.carried_forward, revision = EXCLUDED.revision, published = false,
                closed_at = now()""".formatted(COLUMNS);
    private static final String UNPUBLISHED = """
            SELECT %s FROM candles WHERE pair = $1 AND NOT published ORDER BY start_time LIMIT $2""".formatted(COLUMNS);
    // only the revision that was sent: a newer one written meanwhile stays unpublished. "= ANY" keeps the primary key
    // lookup in a generic plan whatever the statistics (a fresh table has none)
    private static final String MARK_PUBLISHED = """
            UPDATE candles c SET published = true FROM UNNEST($2::timestamptz[], $3::int[]) AS p(start_time, revision)
            WHERE c.pair = $1 AND c.start_time = ANY($2) AND c.start_time = p.start_time AND c.revision = p.revision
              AND NOT c.published""";

    /** For each minute, the start of the next stored candle after it that has trades of its own (absent: none). */
    public Uni<Map<Instant, Instant>> nextTraded(SqlConnection connection, String pair, Collection<Instant> minutes) {
        Tuple params = Tuple.tuple().addString(pair).addArrayOfOffsetDateTime(
                minutes.stream().map(ProgressRepository::utc).toArray(OffsetDateTime[]::new));
        return connection.preparedQuery(NEXT_TRADED).execute(params).map(rows -> {
            Map<Instant, Instant> next = new HashMap<>();
            for (Row row : rows) {
                OffsetDateTime start = row.getOffsetDateTime("next");
                if (start != null) {
                    next.put(row.getOffsetDateTime("start_time").toInstant(), start.toInstant());
                }
            }
            return next;
        });
    }

    /** The stored candles of the ranges, by minute start (one statement per range, in one flight). */
    public Uni<Map<Instant, Candle>> inRanges(SqlConnection connection, String pair, List<MinuteRange> ranges) {
        List<Uni<RowSet<Row>>> queries = ranges.stream().map(range -> connection.preparedQuery(IN_RANGE)
                .execute(Tuple.of(pair, utc(range.from()), utc(range.until())))).toList();
        return Uni.join().all(queries).andFailFast().map(results -> {
            Map<Instant, Candle> candles = new HashMap<>();
            results.forEach(rows -> rows.forEach(row -> candles.put(row.getOffsetDateTime("start_time").toInstant(),
                    candle(row))));
            return candles;
        });
    }

    /** Writes the candles (new minutes or new revisions) as not yet published. */
    public Uni<Void> save(SqlConnection connection, String pair, List<Candle> candles) {
        if (candles.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Tuple params = Tuple.tuple().addString(pair)
                .addArrayOfOffsetDateTime(times(candles, Candle::start))
                .addArrayOfOffsetDateTime(times(candles, Candle::end))
                .addArrayOfString(decimals(candles, Candle::open))
                .addArrayOfString(decimals(candles, Candle::high))
                .addArrayOfString(decimals(candles, Candle::low))
                .addArrayOfString(decimals(candles, Candle::close))
                .addArrayOfString(decimals(candles, Candle::volume))
                .addArrayOfString(decimals(candles, Candle::vwap))
                .addArrayOfInteger(candles.stream().map(Candle::tradeCount).toArray(Integer[]::new))
                .addArrayOfBoolean(candles.stream().map(Candle::carriedForward).toArray(Boolean[]::new))
                .addArrayOfInteger(candles.stream().map(Candle::revision).toArray(Integer[]::new));
        return connection.preparedQuery(SAVE).execute(params).replaceWithVoid();
    }

    /** The pair's oldest {@code limit} candles not yet published, in minute order. */
    public Uni<List<Candle>> unpublished(SqlClient client, String pair, int limit) {
        return client.preparedQuery(UNPUBLISHED).execute(Tuple.of(pair, limit)).map(rows -> {
            List<Candle> candles = new ArrayList<>();
            rows.forEach(row -> candles.add(candle(row)));
            return candles;
        });
    }

    public Uni<Void> markPublished(SqlClient client, String pair, List<Candle> candles) {
        Tuple params = Tuple.tuple().addString(pair).addArrayOfOffsetDateTime(times(candles, Candle::start))
                .addArrayOfInteger(candles.stream().map(Candle::revision).toArray(Integer[]::new));
        return client.preparedQuery(MARK_PUBLISHED).execute(params).replaceWithVoid();
    }

    private static Candle candle(Row row) {
        return new Candle(row.getString("pair"), row.getOffsetDateTime("start_time").toInstant(),
                row.getOffsetDateTime("end_time").toInstant(), row.getBigDecimal("open"), row.getBigDecimal("high"),
                row.getBigDecimal("low"), row.getBigDecimal("close"), row.getBigDecimal("volume"),
                row.getBigDecimal("vwap"), row.getInteger("trade_count"), row.getBoolean("carried_forward"),
                row.getInteger("revision"));
    }

    private static OffsetDateTime[] times(List<Candle> candles, Function<Candle, Instant> time) {
        return candles.stream().map(c -> utc(time.apply(c))).toArray(OffsetDateTime[]::new);
    }

    private static String[] decimals(List<Candle> candles, Function<Candle, BigDecimal> decimal) {
        return candles.stream().map(c -> decimal.apply(c).toPlainString()).toArray(String[]::new);
    }
}
