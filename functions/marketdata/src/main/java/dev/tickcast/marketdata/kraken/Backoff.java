package dev.tickcast.marketdata.kraken;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * Exponential back-off with "equal jitter": attempt {@code n} (from 0) waits between half and all of
 * {@code min(max, initial × 2ⁿ)}. The jitter spreads clients that failed together (a Kraken outage drops every
 * connection at once); the floor keeps a retry from following its failure immediately; the cap bounds the wait.
 */
public record Backoff(Duration initial, Duration max) {

    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff: need 0 < initial <= max, got initial " + initial + ", max " + max);
        }
    }

    /** The delay before retry {@code attempt} (0 for the first retry). */
    public Duration delay(int attempt) {
        return delay(attempt, ThreadLocalRandom.current());
    }

    public Duration delay(int attempt, RandomGenerator random) {
        long cap = max.toNanos();
        // initial × 2^attempt, saturating at the cap without overflowing
        long ceiling = initial.toNanos();
        for (int i = 0; i < attempt && ceiling < cap; i++) {
            ceiling = ceiling > cap / 2 ? cap : ceiling * 2;
        }
        ceiling = Math.min(ceiling, cap);
        long half = ceiling / 2;
        return Duration.ofNanos(half + random.nextLong(ceiling - half + 1));
    }

    /** Sleeps for {@link #delay(int)}. */
    public void sleep(int attempt) throws InterruptedException {
        Duration delay = delay(attempt);
        Thread.sleep(delay.toMillis(), (int) (delay.toNanos() % 1_000_000));
    }
}
