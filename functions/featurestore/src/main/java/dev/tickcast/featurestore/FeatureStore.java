package dev.tickcast.featurestore;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import dev.tickcast.contracts.json.Json;
import dev.tickcast.contracts.market.FeatureRow;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The feature store ({@code features}): one row per pair and candle close, history and latest in one table.
 * A row at time t is known from t on, so reads are point-in-time: {@link #asOf} never returns a row from after
 * the instant asked for. Depends on nothing but a reactive {@link Pool}, so train and predict can use it as is.
 * Values are kept as JSONB numbers, exactly as written; JSON has no NaN and PostgreSQL no negative zero, so a
 * value of -0.0 reads back as 0.0 (the calculator writes neither).
 */
@ApplicationScoped
public class FeatureStore {
    private static final String COLUMNS = "pair, time, close, feature_set, warmup, feature_values::text AS feature_values";
    private static final String UPSERT = """
            INSERT INTO features (pair, time, close, feature_set, warmup, candle_revision, feature_values)
            VALUES ($1, $2, $3, $4, $5, $6, $7::text::jsonb)
            ON CONFLICT (pair, time) DO UPDATE SET
                close = EXCLUDED.close, feature_set = EXCLUDED.feature_set, warmup = EXCLUDED.warmup,
                candle_revision = EXCLUDED.candle_revision, feature_values = EXCLUDED.feature_values,
                computed_at = now()
            WHERE features.candle_revision <= EXCLUDED.candle_revision
              AND (features.close, features.feature_set, features.warmup, features.candle_revision, features.feature_values)
                  IS DISTINCT FROM
                  (EXCLUDED.close, EXCLUDED.feature_set, EXCLUDED.warmup, EXCLUDED.candle_revision, EXCLUDED.feature_values)""";
    private static final String AS_OF = "SELECT " + COLUMNS
            + " FROM features WHERE pair = $1 AND time <= $2 ORDER BY time DESC LIMIT 1";
    private static final String AS_OF_EACH = "SELECT " + COLUMNS.replace("pair, time", "f.pair, f.time") + """
             FROM unnest($2::timestamptz[]) WITH ORDINALITY AS t(at, n)
            LEFT JOIN LATERAL (SELECT * FROM features
                               WHERE features.pair = $1 AND features.time <= t.at
                               ORDER BY features.time DESC LIMIT 1) f ON true
            ORDER BY t.n""";
    private static final String LATEST = "SELECT " + COLUMNS + " FROM latest_features WHERE pair = $1";
    private static final String RANGE = "SELECT " + COLUMNS
            + " FROM features WHERE pair = $1 AND time >= $2 AND time < $3 ORDER BY time";
    private static final TypeReference<LinkedHashMap<String, Double>> VALUES = new TypeReference<>() {
    };

    private final Pool pool;

    public FeatureStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * Stores the row computed from a candle of revision {@code candleRevision}. Idempotent: storing the same row
     * again changes nothing (not even {@code computed_at}); a row from an older candle revision is ignored.
     */
    public Uni<Void> upsert(FeatureRow row, int candleRevision) {
        String values;
        try {
            values = Json.mapper().writeValueAsString(row.values());
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        Tuple tuple = Tuple.from(List.of(row.pair(), utc(row.time()), row.close(), row.featureSet(), row.warmup(),
                candleRevision, values));
        return pool.preparedQuery(UPSERT).execute(tuple).replaceWithVoid();
    }

    /** The latest row of {@code pair} at or before {@code t}: what was known at t. Never a row from after t. */
    public Uni<Optional<FeatureRow>> asOf(String pair, Instant t) {
        return pool.preparedQuery(AS_OF).execute(Tuple.of(pair, utc(t))).map(FeatureStore::first);
    }

    /**
     * The as-of join of {@code pair}'s rows onto many instants (e.g. a training set's label times) in one query:
     * element i is {@link #asOf}(pair, times[i]), empty where no row is that old.
     */
    public Uni<List<Optional<FeatureRow>>> asOfEach(String pair, List<Instant> times) {
        OffsetDateTime[] instants = times.stream().map(FeatureStore::utc).toArray(OffsetDateTime[]::new);
        return pool.preparedQuery(AS_OF_EACH).execute(Tuple.of(pair, instants)).map(rows -> {
            List<Optional<FeatureRow>> found = new ArrayList<>(times.size());
            for (Row row : rows) {
                found.add(row.getValue("time") == null ? Optional.empty() : Optional.of(featureRow(row)));
            }
            return found;
        });
    }

    /** The newest row of {@code pair} (the online view {@code latest_features}). */
    public Uni<Optional<FeatureRow>> latest(String pair) {
        return pool.preparedQuery(LATEST).execute(Tuple.of(pair)).map(FeatureStore::first);
    }

    /** The rows of {@code pair} with {@code from <= time < to}, oldest first. */
    public Uni<List<FeatureRow>> range(String pair, Instant from, Instant to) {
        return pool.preparedQuery(RANGE).execute(Tuple.of(pair, utc(from), utc(to))).map(rows -> {
            List<FeatureRow> found = new ArrayList<>(rows.size());
            for (Row row : rows) {
                found.add(featureRow(row));
            }
            return found;
        });
    }

    private static Optional<FeatureRow> first(RowSet<Row> rows) {
        var iterator = rows.iterator();
        return iterator.hasNext() ? Optional.of(featureRow(iterator.next())) : Optional.empty();
    }

    private static FeatureRow featureRow(Row row) {
        Map<String, Double> values;
        try {
            values = Json.mapper().readValue(row.getString("feature_values"), VALUES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("features of " + row.getString("pair") + " at "
                    + row.getOffsetDateTime("time") + ": feature_values is not a JSON object of numbers", e);
        }
        return new FeatureRow(row.getString("pair"), row.getOffsetDateTime("time").toInstant(),
                row.getBigDecimal("close"), values, row.getBoolean("warmup"), row.getString("feature_set"));
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
