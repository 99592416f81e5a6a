package dev.tickcast.evaluate.repository;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.tickcast.contracts.model.Evaluation;
import dev.tickcast.contracts.model.Prediction;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * evaluate's reads and writes: the prediction aimed at a minute (predict's {@code predictions}), the close of a minute
 * (aggregate's {@code candles}, the latest revision), and the {@code evaluations} with their rolling quality.
 */
@ApplicationScoped
public class EvaluationStore {
    private static final String PREDICTION = """
            SELECT pair, features_time, target_time, horizon_minutes, base_price, predicted_price,
                   predicted_log_return, model_version
            FROM predictions WHERE pair = $1 AND target_time = $2""";
    private static final String CLOSE = """
            SELECT close, revision FROM candles WHERE pair = $1 AND end_time = $2""";
    private static final String INSERT = """
            INSERT INTO evaluations (pair, features_time, target_time, model_version, base_price, predicted_price,
                                     actual_price, absolute_error, percentage_error, persistence_absolute_error,
                                     direction_hit, candle_revision, source_event_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
            ON CONFLICT (pair, features_time) DO NOTHING
            RETURNING features_time""";
    private static final String STORED = """
            SELECT pair, features_time, target_time, model_version, base_price, predicted_price, actual_price,
                   absolute_error, percentage_error, persistence_absolute_error, direction_hit, source_event_id
            FROM evaluations WHERE pair = $1 AND features_time = $2""";
    private static final String ROLLING = """
            INSERT INTO evaluation_rolling AS r (pair, model_version, window_size, evaluations, mae, persistence_mae,
                                                 skill, direction_accuracy, direction_base_rate, last_target_time,
                                                 updated_at)
            SELECT $1, $2, $3, count(*), avg(absolute_error), avg(persistence_absolute_error),
                   CASE WHEN avg(persistence_absolute_error) = 0 THEN NULL
                        ELSE 1 - avg(absolute_error) / avg(persistence_absolute_error) END,
                   avg(CASE WHEN direction_hit THEN 1.0 ELSE 0.0 END),
                   greatest(avg(CASE WHEN actual_price > base_price THEN 1.0 ELSE 0.0 END),
                            avg(CASE WHEN actual_price < base_price THEN 1.0 ELSE 0.0 END)), max(target_time), now()
            FROM (SELECT absolute_error, persistence_absolute_error, direction_hit, actual_price, base_price,
                         target_time FROM evaluations
                  WHERE pair = $1 AND model_version = $2 ORDER BY target_time DESC LIMIT $3) AS last_n
            ON CONFLICT (pair, model_version) DO UPDATE SET
                window_size = EXCLUDED.window_size, evaluations = EXCLUDED.evaluations, mae = EXCLUDED.mae,
                persistence_mae = EXCLUDED.persistence_mae, skill = EXCLUDED.skill,
                direction_accuracy = EXCLUDED.direction_accuracy,
                direction_base_rate = EXCLUDED.direction_base_rate, last_target_time = EXCLUDED.last_target_time,
                updated_at = now()
            RETURNING evaluations, mae, persistence_mae, skill, direction_accuracy""";

    /** A minute's close as aggregate stored it (its latest revision). */
    public record Close(BigDecimal price, int revision) {
    }

    /** A pair and model's quality over its last {@code evaluations} (≤ window) evaluations. */
    public record Rolling(int evaluations, BigDecimal mae, BigDecimal persistenceMae, Double skill,
                          double directionAccuracy) {
    }

    /** What a call to {@link #record} did: the evaluation to emit (if any) and the rolling quality after it. */
    public record Recorded(Optional<Evaluation> toEmit, Optional<Rolling> rolling, boolean created) {
    }

    @Inject
    Pool pool;

    public Uni<Optional<Prediction>> predictionTargeting(String pair, Instant targetTime) {
        return pool.preparedQuery(PREDICTION).execute(Tuple.of(pair, utc(targetTime)))
                .map(rows -> first(rows).map(EvaluationStore::prediction));
    }

    public Uni<Optional<Close>> closeAt(String pair, Instant end) {
        return pool.preparedQuery(CLOSE).execute(Tuple.of(pair, utc(end)))
                .map(rows -> first(rows).map(r -> new Close(r.getBigDecimal("close"), r.getInteger("revision"))));
    }

    /**
     * Stores the evaluation unless the prediction was evaluated already, and refreshes the rolling quality of its
     * model, in one transaction. To emit: the new evaluation; or the stored one when {@code sourceEventId} is the
     * event that created it (its redelivery after a crash before the reply); otherwise nothing.
     */
    public Uni<Recorded> record(Evaluation e, int candleRevision, String sourceEventId, int rollingWindow) {
        return pool.withTransaction(connection -> connection.preparedQuery(INSERT).execute(Tuple.from(new Object[] {
                e.pair(), utc(e.featuresTime()), utc(e.targetTime()), e.modelVersion(), e.basePrice(),
                e.predictedPrice(), e.actualPrice(), e.absoluteError(), e.percentageError(),
                e.persistenceAbsoluteError(), e.directionHit(), candleRevision, sourceEventId }))
                .flatMap(inserted -> inserted.rowCount() == 1
                        ? rolling(connection, e, rollingWindow)
                                .map(r -> new Recorded(Optional.of(e), Optional.of(r), true))
                        : stored(connection, e.pair(), e.featuresTime()).map(stored -> new Recorded(
                                stored.filter(s -> s.sourceEventId().equals(sourceEventId)).map(Stored::evaluation),
                                Optional.empty(), false))));
    }

    private record Stored(Evaluation evaluation, String sourceEventId) {
    }

    private Uni<Optional<Stored>> stored(SqlConnection connection, String pair, Instant featuresTime) {
        return connection.preparedQuery(STORED).execute(Tuple.of(pair, utc(featuresTime)))
                .map(rows -> first(rows).map(r -> new Stored(new Evaluation(r.getString("pair"),
                        r.getOffsetDateTime("features_time").toInstant(), r.getOffsetDateTime("target_time").toInstant(),
                        r.getString("model_version"), r.getBigDecimal("base_price"), r.getBigDecimal("predicted_price"),
                        r.getBigDecimal("actual_price"), r.getBigDecimal("absolute_error"),
                        r.getDouble("percentage_error"), r.getBigDecimal("persistence_absolute_error"),
                        r.getBoolean("direction_hit")), r.getString("source_event_id"))));
    }

    private Uni<Rolling> rolling(SqlConnection connection, Evaluation e, int window) {
        return connection.preparedQuery(ROLLING).execute(Tuple.of(e.pair(), e.modelVersion(), window))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new Rolling(r.getInteger("evaluations"), r.getBigDecimal("mae"),
                            r.getBigDecimal("persistence_mae"), r.getDouble("skill"), r.getDouble("direction_accuracy"));
                });
    }

    private static Prediction prediction(Row r) {
        return new Prediction(r.getString("pair"), r.getOffsetDateTime("features_time").toInstant(),
                r.getOffsetDateTime("target_time").toInstant(), r.getInteger("horizon_minutes"),
                r.getBigDecimal("base_price"), r.getBigDecimal("predicted_price"), r.getDouble("predicted_log_return"),
                r.getString("model_version"));
    }

    private static Optional<Row> first(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? Optional.of(it.next()) : Optional.empty();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
