package dev.tickcast.sentiment.evaluation;

import java.util.Locale;

/** A headline's sentiment class towards one coin, and how a score maps onto it. */
public enum Label {
    POSITIVE, NEGATIVE, NEUTRAL;

    /** |score| below this is neutral: VADER's ±0.05 convention, the same for every scorer. */
    public static final double NEUTRAL_BAND = 0.05;

    public static Label of(double score) {
        return score >= NEUTRAL_BAND ? POSITIVE : score <= -NEUTRAL_BAND ? NEGATIVE : NEUTRAL;
    }

    /** {@code positive}, {@code negative} or {@code neutral}, any case; anything else is rejected by the caller. */
    public static Label parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }

    public String csv() {
        return name().toLowerCase(Locale.ROOT);
    }
}
