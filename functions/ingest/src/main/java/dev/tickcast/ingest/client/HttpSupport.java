package dev.tickcast.ingest.client;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** What the two source kinds share about HTTP: errors as {@link SourceFailure}, Retry-After read. */
final class HttpSupport {
    static final String USER_AGENT = "tickcast-ingest/0.1 (+https://tickcast.dev)";

    private HttpSupport() {
    }

    static SourceFailure failure(String source, HttpResponse<?> response) {
        Duration retryAfter = response.headers().firstValue("Retry-After").map(HttpSupport::retryAfter).orElse(null);
        return new SourceFailure(response.statusCode(), retryAfter,
                source + ": " + response.request().method() + " " + redacted(response.request().uri().toString())
                        + " answered HTTP " + response.statusCode());
    }

    /** Retry-After is delay-seconds or an HTTP date (RFC 9110 §10.2.3); null when neither. */
    static Duration retryAfter(String value) {
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip())));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(java.time.Instant.now(), at.toInstant());
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException neither) {
                return null;
            }
        }
    }

    /** A URL fit for logs, errors and the database: the auth token replaced. */
    static String redacted(String url) {
        return url.replaceAll("(?i)(auth_token=)[^&#]*", "$1***");
    }
}
