package dev.tickcast.sentiment.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tickcast.contracts.news.CoinSentiment;
import dev.tickcast.contracts.news.SentimentScores;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** {@code sentiment_events}: the scores of each news item, stored once; and the as-of sentiment features on them. */
@ApplicationScoped
public class SentimentEvents {
    private static final String INSERT = """
            INSERT INTO sentiment_events (news_id, coin, scorer, position, published_at, score, confidence, fallback, reasoning)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            ON CONFLICT (news_id, coin, scorer) DO NOTHING""";
    private static final String FIND = """
            SELECT news_id, coin, scorer, published_at, score, confidence, fallback, reasoning FROM sentiment_events
            WHERE news_id = $1 AND scorer = (SELECT scorer FROM sentiment_events WHERE news_id = $1
                                             ORDER BY scored_at, scorer LIMIT 1)
            ORDER BY position""";
    private static final String FEATURES = "SELECT * FROM sentiment_features_at($1, $2::timestamptz[])";

    private final Pool pool;

    public SentimentEvents(Pool pool) {
        this.pool = pool;
    }

    /** Stores one row per coin; storing the same scores again changes nothing. */
    public Uni<Void> store(SentimentScores scores) {
        if (scores.scores().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = new ArrayList<>();
        for (int i = 0; i < scores.scores().size(); i++) {
            CoinSentiment s = scores.scores().get(i);
            rows.add(Tuple.from(List.of(scores.newsId(), s.coin(), scores.scorer(), (short) i, utc(scores.publishedAt()),
                    s.score(), s.confidence(), scores.fallback())).addString(s.reasoning()));
        }
        return pool.preparedQuery(INSERT).executeBatch(rows).replaceWithVoid();
    }

    /** The scores first stored for {@code newsId}, if any (an item naming no coin stores nothing). */
    public Uni<Optional<SentimentScores>> find(String newsId) {
        return pool.preparedQuery(FIND).execute(Tuple.of(newsId)).map(rows -> {
            List<CoinSentiment> scores = new ArrayList<>();
            Row first = null;
            for (Row row : rows) {
                first = first == null ? row : first;
                scores.add(new CoinSentiment(row.getString("coin"), row.getDouble("score"), row.getDouble("confidence"),
                        row.getString("reasoning")));
            }
            return first == null ? Optional.empty()
                    : Optional.of(new SentimentScores(newsId, first.getOffsetDateTime("published_at").toInstant(),
                            first.getString("scorer"), first.getBoolean("fallback"), scores));
        });
    }

    /** {@code sentiment_features_at(coin, times)}: element i holds the features of {@code coin} as of {@code times[i]}. */
    public Uni<List<SentimentFeatures>> asOfEach(String coin, List<Instant> times) {
        OffsetDateTime[] instants = times.stream().map(SentimentEvents::utc).toArray(OffsetDateTime[]::new);
        return pool.preparedQuery(FEATURES).execute(Tuple.of(coin, instants)).map(rows -> {
            List<SentimentFeatures> features = new ArrayList<>(times.size());
            for (Row row : rows) {
                features.add(new SentimentFeatures(coin, row.getOffsetDateTime("at").toInstant(),
                        row.getDouble("sentiment_1h"), row.getDouble("sentiment_6h"), row.getLong("news_count_1h"),
                        row.getLong("news_count_6h")));
            }
            return features;
        });
    }

    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
