package dev.tickcast.featurestore;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Sentiment features of a coin as of given instants, from the sentiment step's
 * {@code sentiment_features_at(coin, times[])} (V5__sentiment.sql): decayed sentiment sums and news counts computed
 * from the news published at or before each t only. Train joins them onto its training rows and predict onto the
 * row it predicts from, both as {@link #NAMES}, the columns after the market features in a {@link FeatureSchema}.
 */
@ApplicationScoped
public class SentimentFeatureStore {
    /** The function's result columns, in the order they become model columns. */
    public static final List<String> NAMES = List.of("sentiment_1h", "sentiment_6h", "news_count_1h", "news_count_6h");
    private static final String PRESENT = "SELECT to_regprocedure('sentiment_features_at(varchar, timestamptz[])') "
            + "IS NOT NULL AS present";
    private static final String HAS_NEWS = "SELECT EXISTS (SELECT 1 FROM sentiment_events WHERE coin = $1 "
            + "AND published_at < $2) AS present";
    private static final String AS_OF_EACH = "SELECT * FROM sentiment_features_at($1, $2::timestamptz[])";

    private final Pool pool;

    public SentimentFeatureStore(Pool pool) {
        this.pool = pool;
    }

    /** The base coin of a pair: the sentiment of BTC/USD is that of BTC. */
    public static String coin(String pair) {
        return pair.substring(0, pair.indexOf('/'));
    }

    /**
     * Whether there are sentiment features for {@code coin} before {@code until}: the database function exists and
     * the coin has scored news published before then (train's rule for adding the sentiment columns).
     */
    public Uni<Boolean> available(String coin, Instant until) {
        return pool.query(PRESENT).execute().map(SentimentFeatureStore::flag).chain(present -> present
                ? pool.preparedQuery(HAS_NEWS).execute(Tuple.of(coin, utc(until))).map(SentimentFeatureStore::flag)
                : Uni.createFrom().item(false));
    }

    /** Element i: the values of {@link #NAMES} for {@code coin} as of {@code times[i]} (zeros without news). */
    public Uni<List<double[]>> asOfEach(String coin, List<Instant> times) {
        OffsetDateTime[] at = times.stream().map(SentimentFeatureStore::utc).toArray(OffsetDateTime[]::new);
        return pool.preparedQuery(AS_OF_EACH).execute(Tuple.of(coin, at)).map(rows -> {
            List<double[]> found = new ArrayList<>(times.size());
            for (Row row : rows) {
                found.add(new double[] { row.getDouble("sentiment_1h"), row.getDouble("sentiment_6h"),
                        row.getLong("news_count_1h"), row.getLong("news_count_6h") });
            }
            if (found.size() != times.size()) {
                throw new IllegalStateException("sentiment_features_at(" + coin + ") answered " + found.size()
                        + " rows for " + times.size() + " instants");
            }
            return found;
        });
    }

    /** The values of {@link #NAMES} for {@code coin} as of {@code t}. */
    public Uni<double[]> asOf(String coin, Instant t) {
        return asOfEach(coin, List.of(t)).map(values -> values.get(0));
    }

    private static boolean flag(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
        return rows.iterator().next().getBoolean("present");
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
