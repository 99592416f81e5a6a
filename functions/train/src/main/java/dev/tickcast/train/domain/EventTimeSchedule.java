package dev.tickcast.train.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When the long-running train process trains a pair, on the pair's own clock (event time: its newest non-warm-up
 * feature row), never the wall clock, so a replay at any speed, a backfill and live data are trained alike:
 * <ul>
 * <li>a pair never trained is due at once;</li>
 * <li>otherwise it is due once its event time is {@code every} past the end of the data of its newest trained
 * version;</li>
 * <li>a run that found too few rows is not tried again before the missing rows can exist: each minute of event
 * time adds at most one row.</li>
 * </ul>
 */
public record EventTimeSchedule(Duration every) {
    public EventTimeSchedule {
        if (every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("tickcast.train.every: must be a positive duration or off, got " + every);
        }
    }

    /** Whether a run is due at event time {@code now}. */
    public boolean due(Instant now, Optional<Instant> lastTrainedUntil, Optional<Instant> notBefore) {
        if (notBefore.isPresent() && now.isBefore(notBefore.get())) {
            return false;
        }
        return lastTrainedUntil.isEmpty() || !now.isBefore(lastTrainedUntil.get().plus(every));
    }

    /** After a run at {@code now} found {@code rows} of the {@code needed}: the earliest event time with enough. */
    public static Instant enoughRowsAt(Instant now, int rows, int needed) {
        return now.plus(Duration.ofMinutes(Math.max(1, needed - rows)));
    }
}
