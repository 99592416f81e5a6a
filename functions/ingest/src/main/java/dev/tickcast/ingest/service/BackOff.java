package dev.tickcast.ingest.service;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * How long a source rests after its n-th failure in a row: {@code initial × 2^(n−1)}, capped at {@code max},
 * times a jitter in [0.8, 1.2) so that sources that failed together do not come back together. A server's own
 * Retry-After is honoured when it asks for longer.
 */
public final class BackOff {
    private final Duration initial;
    private final Duration max;
    private final DoubleSupplier random;

    public BackOff(Duration initial, Duration max) {
        this(initial, max, () -> ThreadLocalRandom.current().nextDouble());
    }

    public BackOff(Duration initial, Duration max, DoubleSupplier random) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("back-off: initial must be positive and at most max, got initial "
                    + initial + ", max " + max);
        }
        this.initial = initial;
        this.max = max;
        this.random = random;
    }

    /** The wait after {@code failures} (≥ 1) failures in a row. */
    public Duration after(int failures, Optional<Duration> serverWish) {
        int doublings = Math.min(Math.max(failures, 1) - 1, 30);
        double base = Math.min((double) initial.toMillis() * (1L << doublings), max.toMillis());
        long jittered = Math.round(base * (0.8 + 0.4 * random.getAsDouble()));
        Duration wait = Duration.ofMillis(Math.min(jittered, max.toMillis()));
        return serverWish.filter(wish -> wish.compareTo(wait) > 0).orElse(wait);
    }
}
