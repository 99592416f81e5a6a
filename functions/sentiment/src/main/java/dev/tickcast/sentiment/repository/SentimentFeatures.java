package dev.tickcast.sentiment.repository;

import java.time.Instant;

/** A coin's sentiment features as of {@code at} (see {@code sentiment_features_at} in V5__sentiment.sql). */
public record SentimentFeatures(String coin, Instant at, double sentiment1h, double sentiment6h, long newsCount1h,
        long newsCount6h) {
}
