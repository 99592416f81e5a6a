package dev.tickcast.aggregate.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tickcast.aggregate.domain.AggregationProgress;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** A pair's {@code aggregate_progress} row: the lock that serializes the pair's batches, and its state. */
@ApplicationScoped
public class ProgressRepository {
    private static final String CREATE = """
            INSERT INTO aggregate_progress (pair, watermark) VALUES ($1, $2) ON CONFLICT (pair) DO NOTHING""";
    private static final String LOCK = """
            SELECT watermark, closed_until, late_trades FROM aggregate_progress WHERE pair = $1 FOR UPDATE""";
    private static final String SAVE = """
            UPDATE aggregate_progress SET watermark = $2, closed_until = $3, late_trades = $4, updated_at = now()
            WHERE pair = $1""";

    /**
     * Creates the pair's row if absent (watermark = its first trade), then locks it until the transaction ends. Both
     * statements go out in one flight: PostgreSQL runs them in order.
     */
    public Uni<AggregationProgress> lock(SqlConnection connection, String pair, Instant firstTrade) {
        return Uni.combine().all().unis(connection.preparedQuery(CREATE).execute(Tuple.of(pair, utc(firstTrade))),
                connection.preparedQuery(LOCK).execute(Tuple.of(pair)))
                .with((created, locked) -> progress(locked.iterator().next()));
    }

    /** Locks the pair's row, which an earlier batch created, until the transaction ends. */
    public Uni<AggregationProgress> lock(SqlConnection connection, String pair) {
        return connection.preparedQuery(LOCK).execute(Tuple.of(pair)).map(locked -> progress(locked.iterator().next()));
    }

    public Uni<Void> save(SqlConnection connection, String pair, AggregationProgress progress) {
        return connection.preparedQuery(SAVE)
                .execute(Tuple.of(pair, utc(progress.watermark()), utc(progress.closedUntil()), progress.lateTrades()))
                .replaceWithVoid();
    }

    private static AggregationProgress progress(Row row) {
        OffsetDateTime closedUntil = row.getOffsetDateTime("closed_until");
        return new AggregationProgress(row.getOffsetDateTime("watermark").toInstant(),
                closedUntil == null ? null : closedUntil.toInstant(), row.getLong("late_trades"));
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
