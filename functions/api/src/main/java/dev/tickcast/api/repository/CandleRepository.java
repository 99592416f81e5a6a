package dev.tickcast.api.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.tickcast.contracts.market.Candle;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Reads the candles aggregate stored (the latest revision of each minute). */
@ApplicationScoped
public class CandleRepository {
    @Inject
    Pool pool;

    /** Candles of a pair whose minute starts in [from, to), oldest first. */
    public Uni<List<Candle>> range(String pair, Instant from, Instant to) {
        return pool.preparedQuery("""
                SELECT pair, start_time, end_time, open, high, low, close, volume, vwap, trade_count,
                       carried_forward, revision
                FROM candles WHERE pair = $1 AND start_time >= $2 AND start_time < $3
                ORDER BY start_time""")
                .execute(Tuple.of(pair, utc(from), utc(to)))
                .map(rows -> {
                    List<Candle> candles = new ArrayList<>();
                    for (Row row : rows) {
                        candles.add(candle(row));
                    }
                    return candles;
                });
    }

    /** The minute start of the pair's newest row (event time): where ranges without {@code to} end. */
    public Uni<java.util.Optional<Instant>> newest(String pair) {
        return pool.preparedQuery("SELECT max(start_time) AS newest FROM candles WHERE pair = $1").execute(Tuple.of(pair))
                .map(rows -> java.util.Optional.ofNullable(rows.iterator().next().getOffsetDateTime("newest"))
                        .map(OffsetDateTime::toInstant));
    }

    /** The newest candle of a pair. */
    public Uni<java.util.Optional<Candle>> latest(String pair) {
        return pool.preparedQuery("""
                SELECT pair, start_time, end_time, open, high, low, close, volume, vwap, trade_count,
                       carried_forward, revision
                FROM candles WHERE pair = $1 ORDER BY start_time DESC LIMIT 1""")
                .execute(Tuple.of(pair))
                .map(rows -> {
                    for (Row row : rows) {
                        return java.util.Optional.of(candle(row));
                    }
                    return java.util.Optional.<Candle> empty();
                });
    }

    private static Candle candle(Row row) {
        return new Candle(row.getString("pair"), row.getOffsetDateTime("start_time").toInstant(),
                row.getOffsetDateTime("end_time").toInstant(), row.getBigDecimal("open"), row.getBigDecimal("high"),
                row.getBigDecimal("low"), row.getBigDecimal("close"), row.getBigDecimal("volume"),
                row.getBigDecimal("vwap"), row.getInteger("trade_count"), row.getBoolean("carried_forward"),
                row.getInteger("revision"));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
