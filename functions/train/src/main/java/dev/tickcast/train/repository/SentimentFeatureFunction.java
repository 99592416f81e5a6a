package dev.tickcast.train.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import dev.tickcast.train.service.SentimentFeatures;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Sentiment columns from the sentiment step's {@code sentiment_features_at(coin, times[])} (V5__sentiment.sql):
 * decayed sentiment sums and news counts of the pair's base coin, computed from the news published at or before
 * each t only. Used when the function exists and the coin has scored news before the run's end; otherwise
 * {@link SentimentFeatures#NONE} (market features only, and another feature schema).
 */
public final class SentimentFeatureFunction implements SentimentFeatures {
    /** The function's result columns, in the order they become model columns. */
    public static final List<String> NAMES = List.of("sentiment_1h", "sentiment_6h", "news_count_1h", "news_count_6h");
    private static final String PRESENT = "SELECT to_regprocedure('sentiment_features_at(varchar, timestamptz[])') "
            + "IS NOT NULL AS present";
    private static final String HAS_NEWS = "SELECT EXISTS (SELECT 1 FROM sentiment_events WHERE coin = $1 "
            + "AND published_at < $2) AS present";
    private static final String AS_OF_EACH = "SELECT * FROM sentiment_features_at($1, $2::timestamptz[])";

    private final Pool pool;
    private final String coin;

    private SentimentFeatureFunction(Pool pool, String coin) {
        this.pool = pool;
        this.coin = coin;
    }

    /** The sentiment of {@code pair}'s base coin, or {@link SentimentFeatures#NONE}. */
    public static SentimentFeatures of(Pool pool, String pair, Instant until) {
        if (!flag(pool.query(PRESENT).execute().await().indefinitely().iterator().next())) {
            return NONE;
        }
        String coin = pair.substring(0, pair.indexOf('/'));
        boolean news = flag(pool.preparedQuery(HAS_NEWS).execute(Tuple.of(coin, utc(until))).await().indefinitely()
                .iterator().next());
        return news ? new SentimentFeatureFunction(pool, coin) : NONE;
    }

    @Override
    public List<String> names() {
        return NAMES;
    }

    @Override
    public List<double[]> asOfEach(List<Instant> times) {
        OffsetDateTime[] at = times.stream().map(SentimentFeatureFunction::utc).toArray(OffsetDateTime[]::new);
        List<double[]> found = new ArrayList<>(times.size());
        for (Row row : pool.preparedQuery(AS_OF_EACH).execute(Tuple.of(coin, at)).await().indefinitely()) {
            found.add(new double[] { row.getDouble("sentiment_1h"), row.getDouble("sentiment_6h"),
                    row.getLong("news_count_1h"), row.getLong("news_count_6h") });
        }
        if (found.size() != times.size()) {
            throw new IllegalStateException("sentiment_features_at(" + coin + ") answered " + found.size()
                    + " rows for " + times.size() + " instants");
        }
        return found;
    }

    private static boolean flag(Row row) {
        return row.getBoolean("present");
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
