package dev.tickcast.train.service;

import java.time.Instant;
import java.util.List;

/**
 * Sentiment columns for a training set, joined as of each row's time: the values at t are the latest ones
 * known at or before t, never later ones. {@link #NONE} when no sentiment source exists.
 */
public interface SentimentFeatures {
    SentimentFeatures NONE = new SentimentFeatures() {
        @Override
        public List<String> names() {
            return List.of();
        }

        @Override
        public List<double[]> asOfEach(List<Instant> times) {
            return times.stream().map(t -> new double[0]).toList();
        }
    };

    /** The sentiment columns, in order (appended after the market features). */
    List<String> names();

    /** Element i: the values of {@link #names()} as of {@code times[i]}; NaN where nothing is known yet. */
    List<double[]> asOfEach(List<Instant> times);
}
