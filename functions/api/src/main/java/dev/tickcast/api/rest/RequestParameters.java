package dev.tickcast.api.rest;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tickcast.contracts.Pairs;

/** Parsing and checking of the parameters the REST endpoints share. */
final class RequestParameters {
    /** A window such as {@code 30m}, {@code 1h}, {@code 24h}, {@code 7d}: a whole number and a unit. */
    private static final Pattern WINDOW = Pattern.compile("^([1-9][0-9]{0,4})([mhd])$");
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

    /**
     * The instants a request may name: RFC 3339 years have four digits. {@link Instant#parse} takes years up to ±10⁹,
     * which neither PostgreSQL nor the answer's dates could hold.
     */
    static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    static Instant instant(String field, String value) {
        Instant instant;
        try {
            instant = Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadRequest(field, "format", "must be an RFC 3339 instant such as 2013-11-25T10:00:00Z, got '"
                    + value + "'");
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new BadRequest(field, "0001<=year<=9999", "must lie from " + EARLIEST + " to " + LATEST
                    + " (RFC 3339: a four-digit year), got '" + value + "'");
        }
        return instant;
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

    /** A positive whole number up to {@code max}; absent: {@code defaultValue}. */
    static int limit(String value, int defaultValue, int max) {
        if (value == null) {
            return defaultValue;
        }
        if (!value.matches("^[0-9]{1,9}$")) {
            throw new BadRequest("limit", "integer", "must be a whole number from 1 to " + max + ", got '" + value + "'");
        }
        int limit = Integer.parseInt(value);
        if (limit < 1 || limit > max) {
            throw new BadRequest("limit", "1<=limit<=" + max, "must be from 1 to " + max + ", got " + limit);
        }
        return limit;
    }

    /** A window like {@code 1h}: a whole number of minutes (m), hours (h) or days (d), from {@code min} to {@code max}. */
    static Duration window(String value, Duration defaultValue, Duration min, Duration max) {
        if (value == null) {
            return defaultValue;
        }
        Matcher m = WINDOW.matcher(value);
        if (!m.matches()) {
            throw new BadRequest("window", "format", "must be a whole number and a unit m, h or d (e.g. 1h, 24h, 7d), got '"
                    + value + "'");
        }
        long n = Long.parseLong(m.group(1));
        Duration window = switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        if (window.compareTo(min) < 0 || window.compareTo(max) > 0) {
            throw new BadRequest("window", min.toMinutes() + "m<=window<=" + max.toDays() + "d",
                    "must be from " + min.toMinutes() + " minutes to " + max.toDays() + " days, got " + value);
        }
        return window;
    }
}
