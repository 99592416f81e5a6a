package dev.tickcast.aggregate.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One-minute windows of event time and the rule that closes them. A minute {@code [start, start + 1 min)} closes
 * once the pair's watermark (the latest trade time seen) reaches its end plus the allowed lateness; a trade for a
 * minute that is already closed is late.
 */
public final class CandleWindow {
    public static final Duration LENGTH = Duration.ofMinutes(1);
    private static final long SECONDS = LENGTH.toSeconds();

    private final Duration allowedLateness;

    public CandleWindow(Duration allowedLateness) {
        Objects.requireNonNull(allowedLateness, "allowedLateness");
        if (allowedLateness.isNegative()) {
            throw new IllegalArgumentException("allowed lateness must not be negative, got " + allowedLateness);
        }
        this.allowedLateness = allowedLateness;
    }

    public Duration allowedLateness() {
        return allowedLateness;
    }

    /** The start of the minute an instant lies in (UTC minutes; also right before 1970). */
    public static Instant startOf(Instant time) {
        return Instant.ofEpochSecond(Math.floorDiv(time.getEpochSecond(), SECONDS) * SECONDS);
    }

    public static Instant endOf(Instant start) {
        return start.plus(LENGTH);
    }

    /** Whether the minute starting at {@code start} is closed at {@code watermark}: end + lateness ≤ watermark. */
    public boolean isClosed(Instant start, Instant watermark) {
        return !endOf(start).plus(allowedLateness).isAfter(watermark);
    }

    /** The end of the last minute closed at {@code watermark}: every minute ending at or before it is closed. */
    public Instant closedUntil(Instant watermark) {
        return startOf(watermark.minus(allowedLateness));
    }

    /** Whether a trade at {@code tradeTime} is late: its minute was closed before it arrived. */
    public static boolean isLate(Instant tradeTime, Instant closedUntil) {
        return closedUntil != null && tradeTime.isBefore(closedUntil);
    }
}
