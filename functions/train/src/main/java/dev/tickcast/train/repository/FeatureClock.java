package dev.tickcast.train.repository;

import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tickcast.contracts.market.FeatureRow;
import dev.tickcast.featurestore.FeatureStore;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A pair's event-time clock for training: its newest feature row that is not warm-up (the newest row a model can
 * predict from). A run without an end trains up to it, and the schedule measures its interval on it, so a replay
 * of 2013 trades trains like live data does. Blocking, like the job.
 */
@ApplicationScoped
public class FeatureClock {
    private static final String NEWEST = "SELECT max(time) AS time FROM features WHERE pair = $1 AND NOT warmup";

    private final Pool pool;
    private final FeatureStore features;

    public FeatureClock(Pool pool, FeatureStore features) {
        this.pool = pool;
        this.features = features;
    }

    /** The time of the pair's newest non-warm-up feature row, if it has one. */
    public Optional<Instant> now(String pair) {
        Row row = pool.preparedQuery(NEWEST).execute(Tuple.of(pair)).await().indefinitely().iterator().next();
        return Optional.ofNullable(row.getOffsetDateTime("time")).map(t -> t.toInstant());
    }

    /** The pair's newest non-warm-up feature row itself (its columns are what predict will be given). */
    public Optional<FeatureRow> newestRow(String pair) {
        return now(pair).flatMap(t -> features.asOf(pair, t).await().indefinitely());
    }
}
