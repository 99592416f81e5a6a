package dev.tickcast.api.rest;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import dev.tickcast.contracts.Pairs;

/** Parsing and checking of the parameters the REST endpoints share. */
final class RequestParameters {
    private RequestParameters() {
    }

    /** A pair in URL form ({@code BTC-USD}) as the events write it ({@code BTC/USD}). */
    static String pair(String urlPair) {
        try {
            return Pairs.fromUrl(urlPair);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("pair", "format", "must be BASE-QUOTE with 2-10 upper-case letters or digits each (e.g. BTC-USD)");
        }
    }

    static Instant instant(String field, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadRequest(field, "format", "must be an RFC 3339 instant such as 2013-11-25T10:00:00Z");
        }
    }

    /** Checks that from < to and that the range is at most {@code max}. */
    static void range(Instant from, Instant to, Duration max) {
        if (!from.isBefore(to)) {
            throw new BadRequest("from", "from<to", "must be before to (" + to + ")");
        }
        if (Duration.between(from, to).compareTo(max) > 0) {
            throw new BadRequest("to", "range<=" + max, "the range may span at most " + max.toDays() + " days");
        }
    }
}
