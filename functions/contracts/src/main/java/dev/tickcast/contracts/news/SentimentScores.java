package dev.tickcast.contracts.news;

import java.time.Instant;
import java.util.List;

/**
 * {@code dev.tickcast.sentiment.v1}: the per-coin sentiment extracted from one news item.
 *
 * @param scorer   which scorer produced it, e.g. {@code lexicon:afinn-165-financialmarketnews} or {@code llm:openai:gpt-4o-mini}
 * @param fallback true when the configured scorer failed and a fallback produced these scores
 */
public record SentimentScores(
        String newsId,
        Instant publishedAt,
        String scorer,
        boolean fallback,
        List<CoinSentiment> scores) {
    public SentimentScores {
        scores = scores == null ? null : List.copyOf(scores);
    }
}
