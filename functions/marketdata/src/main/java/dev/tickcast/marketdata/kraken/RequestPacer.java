package dev.tickcast.marketdata.kraken;

import java.time.Duration;

/**
 * Client-side rate limit: request starts at least {@code interval} apart, across every thread using the same
 * pacer. Kraken's public REST endpoints allow about one request per second per IP; going faster earns
 * {@code EGeneral:Too many requests} and, repeated, a temporary lockout, so the client waits instead.
 */
public final class RequestPacer {
    private final long intervalNanos;
    private long nextStart = Long.MIN_VALUE;

    public RequestPacer(Duration interval) {
        if (interval.isNegative()) {
            throw new IllegalArgumentException("request interval: must not be negative, got " + interval);
        }
        this.intervalNanos = interval.toNanos();
    }

    /** From requests per second, e.g. 1.0 for Kraken's public limit; 0 or less means no limit. */
    public static RequestPacer perSecond(double requestsPerSecond) {
        return new RequestPacer(requestsPerSecond <= 0 ? Duration.ZERO
                : Duration.ofNanos((long) (1_000_000_000L / requestsPerSecond)));
    }

    public Duration interval() {
        return Duration.ofNanos(intervalNanos);
    }

    /** Blocks until the next request may start, and reserves that slot. */
    public void acquire() throws InterruptedException {
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            long start = nextStart == Long.MIN_VALUE || now - nextStart > 0 ? now : nextStart;
            nextStart = start + intervalNanos;
            wait = start - now;
        }
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }
}
