package dev.tickcast.api.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.tickcast.contracts.model.Prediction;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/** Reads the predictions predict stored (table {@code predictions}, one per pair and feature row). */
@ApplicationScoped
public class PredictionRepository {
    private static final String COLUMNS = """
            pair, features_time, target_time, horizon_minutes, base_price, predicted_price, predicted_log_return,
            model_version""";

    @Inject
    Pool pool;

    /** The prediction made from the newest feature row of a pair. */
    public Uni<Optional<Prediction>> latest(String pair) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM predictions WHERE pair = $1 ORDER BY features_time DESC LIMIT 1")
                .execute(Tuple.of(pair))
                .map(rows -> list(rows).stream().findFirst());
    }

    /** Predictions made from feature rows with {@code from <= features_time < to}, oldest first, at most {@code limit}. */
    public Uni<List<Prediction>> range(String pair, Instant from, Instant to, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + """
                 FROM predictions WHERE pair = $1 AND features_time >= $2 AND features_time < $3
                ORDER BY features_time LIMIT $4""")
                .execute(Tuple.of(pair, from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC), limit))
                .map(PredictionRepository::list);
    }

    /** The feature time of the pair's newest row (event time): where ranges without {@code to} end. */
    public Uni<Optional<Instant>> newest(String pair) {
        return pool.preparedQuery("SELECT max(features_time) AS newest FROM predictions WHERE pair = $1").execute(Tuple.of(pair))
                .map(rows -> Optional.ofNullable(rows.iterator().next().getOffsetDateTime("newest"))
                        .map(OffsetDateTime::toInstant));
    }

    private static List<Prediction> list(RowSet<Row> rows) {
        List<Prediction> predictions = new ArrayList<>();
        for (Row row : rows) {
            predictions.add(new Prediction(row.getString("pair"), row.getOffsetDateTime("features_time").toInstant(),
                    row.getOffsetDateTime("target_time").toInstant(), row.getInteger("horizon_minutes"),
                    row.getBigDecimal("base_price"), row.getBigDecimal("predicted_price"),
                    row.getDouble("predicted_log_return"), row.getString("model_version")));
        }
        return predictions;
    }
}
