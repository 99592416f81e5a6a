package dev.tickcast.train.repository;

import java.time.Instant;
import java.util.List;

import dev.tickcast.featurestore.SentimentFeatureStore;
import dev.tickcast.train.service.SentimentFeatures;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Sentiment columns from the sentiment step's {@code sentiment_features_at(coin, times[])} (V5__sentiment.sql),
 * read through the feature store's {@link SentimentFeatureStore}, the same reads predict makes: decayed sentiment
 * sums and news counts of the pair's base coin, computed from the news published at or before each t only. Used
 * when the function exists and the coin has scored news before the run's end; otherwise
 * {@link SentimentFeatures#NONE} (market features only, and another feature schema). Blocking, like the job.
 */
public final class SentimentFeatureFunction implements SentimentFeatures {
    /** The function's result columns, in the order they become model columns. */
    public static final List<String> NAMES = SentimentFeatureStore.NAMES;

    private final SentimentFeatureStore store;
    private final String coin;

    private SentimentFeatureFunction(SentimentFeatureStore store, String coin) {
        this.store = store;
        this.coin = coin;
    }

    /** The sentiment of {@code pair}'s base coin, or {@link SentimentFeatures#NONE}. */
    public static SentimentFeatures of(Pool pool, String pair, Instant until) {
        SentimentFeatureStore store = new SentimentFeatureStore(pool);
        String coin = SentimentFeatureStore.coin(pair);
        return store.available(coin, until).await().indefinitely() ? new SentimentFeatureFunction(store, coin) : NONE;
    }

    @Override
    public List<String> names() {
        return NAMES;
    }

    @Override
    public List<double[]> asOfEach(List<Instant> times) {
        return store.asOfEach(coin, times).await().indefinitely();
    }
}
