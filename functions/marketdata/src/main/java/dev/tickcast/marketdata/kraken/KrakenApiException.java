package dev.tickcast.marketdata.kraken;

import java.util.List;

/**
 * Kraken answered with an error that retrying will not fix (e.g. {@code EQuery:Unknown asset pair}), or kept
 * failing after every retry the client was allowed.
 */
public final class KrakenApiException extends RuntimeException {
    private final List<String> errors;

    public KrakenApiException(String message, List<String> errors, Throwable cause) {
        super(message, cause);
        this.errors = List.copyOf(errors);
    }

    /** Kraken's error strings ({@code "EGeneral:Too many requests"}), or empty for HTTP and I/O failures. */
    public List<String> errors() {
        return errors;
    }
}
