package dev.tickcast.aggregate.repository;

import static dev.tickcast.aggregate.repository.ProgressRepository.utc;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tickcast.aggregate.domain.MinuteRange;
import dev.tickcast.aggregate.domain.MinuteTrades;
import dev.tickcast.contracts.market.Trade;
import dev.tickcast.contracts.market.TradesBatch;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** The stored trades: deduplicated by (pair, trade id), aggregated per minute with exact NUMERIC arithmetic. */
@ApplicationScoped
public class TradeRepository {
    // Decimals travel as text and are cast to NUMERIC: exact. Batch order sets seq, the tie-break within an instant.
    private static final String INSERT_NEW = """
            INSERT INTO trades (pair, trade_id, traded_at, price, quantity, side, source)
            SELECT $1, t.id, t.traded_at, t.price::numeric, t.quantity::numeric, t.side, $2
            FROM UNNEST($3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::text[])
                 WITH ORDINALITY AS t(id, traded_at, price, quantity, side, ord)
            ORDER BY t.ord
            ON CONFLICT (pair, trade_id) DO NOTHING
            RETURNING traded_at""";
    private static final String FIRST = "SELECT min(traded_at) AS first FROM trades WHERE pair = $1";
    private static final String MINUTES = """
            SELECT date_trunc('minute', t.traded_at, 'UTC') AS start_time,
                   (array_agg(t.price ORDER BY t.traded_at, t.seq))[1] AS open,
                   max(t.price) AS high, min(t.price) AS low,
                   (array_agg(t.price ORDER BY t.traded_at DESC, t.seq DESC))[1] AS close,
                   sum(t.quantity) AS volume, sum(t.price * t.quantity) AS notional, count(*)::int AS trade_count
            FROM trades t WHERE t.pair = $1 AND t.traded_at >= $2 AND t.traded_at < $3
            GROUP BY 1""";

    /** Stores the trades not stored yet and returns their times: duplicates are skipped and change nothing. */
    public Uni<List<Instant>> insertNew(SqlConnection connection, TradesBatch batch) {
        List<Trade> trades = batch.trades();
        Tuple params = Tuple.tuple().addString(batch.pair()).addString(batch.source())
                .addArrayOfString(trades.stream().map(Trade::id).toArray(String[]::new))
                .addArrayOfOffsetDateTime(trades.stream().map(t -> utc(t.time())).toArray(OffsetDateTime[]::new))
                .addArrayOfString(trades.stream().map(t -> t.price().toPlainString()).toArray(String[]::new))
                .addArrayOfString(trades.stream().map(t -> t.quantity().toPlainString()).toArray(String[]::new))
                .addArrayOfString(trades.stream()
                        .map(t -> t.side() == null ? null : t.side().name().toLowerCase(Locale.ROOT))
                        .toArray(String[]::new));
        return connection.preparedQuery(INSERT_NEW).execute(params)
                .map(rows -> rows.stream().map(row -> row.getOffsetDateTime("traded_at").toInstant()).toList());
    }

    public Uni<Instant> firstTradeTime(SqlConnection connection, String pair) {
        return connection.preparedQuery(FIRST).execute(Tuple.of(pair)).map(rows -> {
            OffsetDateTime first = rows.iterator().next().getOffsetDateTime("first");
            return first == null ? null : first.toInstant();
        });
    }

    /**
     * The minutes of the ranges that have trades, aggregated, by minute start. One statement per range, all in one
     * flight: plain bounds keep the index range scan in every plan, cached or not, whatever the statistics.
     */
    public Uni<Map<Instant, MinuteTrades>> minutes(SqlConnection connection, String pair, List<MinuteRange> ranges) {
        List<Uni<RowSet<Row>>> queries = ranges.stream().map(range -> connection.preparedQuery(MINUTES)
                .execute(Tuple.of(pair, utc(range.from()), utc(range.until())))).toList();
        return Uni.join().all(queries).andFailFast().map(results -> {
            Map<Instant, MinuteTrades> minutes = new HashMap<>();
            for (RowSet<Row> rows : results) {
                for (Row row : rows) {
                    MinuteTrades minute = new MinuteTrades(row.getOffsetDateTime("start_time").toInstant(),
                            row.getBigDecimal("open"), row.getBigDecimal("high"), row.getBigDecimal("low"),
                            row.getBigDecimal("close"), row.getBigDecimal("volume"), row.getBigDecimal("notional"),
                            row.getInteger("trade_count"));
                    minutes.put(minute.start(), minute);
                }
            }
            return minutes;
        });
    }
}
