package dev.tickcast.featurize.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tickcast.contracts.market.Candle;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** featurize's own history of the candles it was given ({@code feature_candles}): the latest revision per minute. */
@ApplicationScoped
public class CandleHistory {
    private static final String UPSERT = """
            INSERT INTO feature_candles (pair, start_time, end_time, open, high, low, close, volume, vwap,
                                         trade_count, carried_forward, revision)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
            ON CONFLICT (pair, start_time) DO UPDATE SET
                end_time = EXCLUDED.end_time, open = EXCLUDED.open, high = EXCLUDED.high, low = EXCLUDED.low,
                close = EXCLUDED.close, volume = EXCLUDED.volume, vwap = EXCLUDED.vwap,
                trade_count = EXCLUDED.trade_count, carried_forward = EXCLUDED.carried_forward,
                revision = EXCLUDED.revision
            WHERE feature_candles.revision <= EXCLUDED.revision""";
    private static final String WINDOW = """
            SELECT pair, start_time, end_time, open, high, low, close, volume, vwap, trade_count, carried_forward, revision
            FROM feature_candles WHERE pair = $1 AND start_time <= $2
            ORDER BY start_time DESC LIMIT $3""";

    private final Pool pool;

    public CandleHistory(Pool pool) {
        this.pool = pool;
    }

    /** Stores the candle unless a higher revision of its minute is stored already; true if it was stored. */
    public Uni<Boolean> upsert(Candle c) {
        Tuple values = Tuple.from(List.of(c.pair(), utc(c.start()), utc(c.end()), c.open(), c.high(), c.low(),
                c.close(), c.volume(), c.vwap(), c.tradeCount(), c.carriedForward(), c.revision()));
        return pool.preparedQuery(UPSERT).execute(values).map(rows -> rows.rowCount() > 0);
    }

    /** The candle of {@code pair} starting at {@code start} and up to {@code size - 1} before it, oldest first. */
    public Uni<List<Candle>> window(String pair, Instant start, int size) {
        return pool.preparedQuery(WINDOW).execute(Tuple.of(pair, utc(start), size)).map(rows -> {
            List<Candle> candles = new ArrayList<>(size);
            for (Row row : rows) {
                candles.add(candle(row));
            }
            Collections.reverse(candles);
            return candles;
        });
    }

    private static Candle candle(Row row) {
        return new Candle(row.getString("pair"), row.getOffsetDateTime("start_time").toInstant(),
                row.getOffsetDateTime("end_time").toInstant(), row.getBigDecimal("open"), row.getBigDecimal("high"),
                row.getBigDecimal("low"), row.getBigDecimal("close"), row.getBigDecimal("volume"),
                row.getBigDecimal("vwap"), row.getInteger("trade_count"), row.getBoolean("carried_forward"),
                row.getInteger("revision"));
    }

    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
