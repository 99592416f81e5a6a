package dev.tickcast.contracts.news;

/**
 * Sentiment of one news item towards one coin.
 *
 * @param score      -1 (very negative) … 1 (very positive)
 * @param confidence 0 … 1
 * @param reasoning  a short reason, at most 500 characters
 */
public record CoinSentiment(String coin, double score, double confidence, String reasoning) {
}
