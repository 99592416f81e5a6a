package dev.tickcast.ingest.client;

import java.time.Duration;
import java.util.Optional;

/**
 * A news source did not deliver: an HTTP error status (429 and 5xx above all), or a body that is not the format
 * the source speaks. The poller backs off; {@code retryAfter} is the server's own wish (HTTP Retry-After).
 */
public class SourceFailure extends Exception {
    private final int status;
    private final Duration retryAfter;

    public SourceFailure(int status, Duration retryAfter, String message) {
        super(message);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public SourceFailure(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
        this.retryAfter = null;
    }

    /** The HTTP status, or 0 when the response arrived but could not be read. */
    public int status() {
        return status;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
