package dev.tickcast.api.repository;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Aggregates evaluate's table {@code evaluations} in SQL: the error of the predictions whose target fell in a window. */
@ApplicationScoped
public class EvaluationRepository {

    /**
     * Error figures of a set of evaluations; all but {@code count} are null when there are none.
     *
     * @param modelVersion null for the figures over every version
     * @param skill        1 − MAE / persistence MAE: above 0 beats "the price stays"
     */
    public record ErrorSummary(String modelVersion, long count, BigDecimal mae, Double mape, BigDecimal persistenceMae,
            Double skill, Double directionAccuracy) {
    }

    @Inject
    Pool pool;

    /**
     * Overall (first) and per model version (then, by version), over the evaluations of a pair with
     * {@code from <= target_time < to}. ROLLUP's grand total is a row even when nothing matches: count 0.
     */
    public Uni<List<ErrorSummary>> summary(String pair, Instant from, Instant to) {
        return pool.preparedQuery("""
                SELECT GROUPING(model_version) AS overall, model_version, count(*) AS n,
                       avg(absolute_error) AS mae,
                       avg(percentage_error) AS mape,
                       avg(persistence_absolute_error) AS persistence_mae,
                       1 - avg(absolute_error) / NULLIF(avg(persistence_absolute_error), 0) AS skill,
                       avg(CASE WHEN direction_hit THEN 1.0 ELSE 0.0 END) AS direction_accuracy
                FROM evaluations WHERE pair = $1 AND target_time >= $2 AND target_time < $3
                GROUP BY ROLLUP (model_version)
                ORDER BY GROUPING(model_version) DESC, model_version""")
                .execute(Tuple.of(pair, from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    List<ErrorSummary> summaries = new ArrayList<>();
                    for (Row row : rows) {
                        summaries.add(new ErrorSummary(row.getInteger("overall") == 1 ? null : row.getString("model_version"),
                                row.getLong("n"), row.getBigDecimal("mae"), row.getDouble("mape"),
                                row.getBigDecimal("persistence_mae"), number(row, "skill"), number(row, "direction_accuracy")));
                    }
                    return summaries;
                });
    }

    /** The target time of the pair's newest row (event time): where ranges without {@code to} end. */
    public Uni<Optional<Instant>> newest(String pair) {
        return pool.preparedQuery("SELECT max(target_time) AS newest FROM evaluations WHERE pair = $1").execute(Tuple.of(pair))
                .map(rows -> Optional.ofNullable(rows.iterator().next().getOffsetDateTime("newest"))
                        .map(OffsetDateTime::toInstant));
    }

    private static Double number(Row row, String column) {
        BigDecimal value = row.getBigDecimal(column);
        return value == null ? null : value.doubleValue();
    }
}
