package dev.tickcast.api.rest;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The range [from, to) a request reads. Defaults follow event time, not the wall clock: an absent {@code to} is the
 * end of the pair's newest data (a replay of 2013 answers with 2013), an absent {@code from} a default length before
 * {@code to}.
 */
record TimeRange(Instant from, Instant to) {
    /** The grain of every stored time (candles, feature rows, targets): the newest row's minute is included. */
    static final Duration MINUTE = Duration.ofMinutes(1);

    /** Nothing to read: the defaulted range lies after the pair's newest data. */
    boolean isEmpty() {
        return !from.isBefore(to);
    }

    /**
     * @param from          the request's from, or null
     * @param to            the request's to, or null
     * @param newest        the time of the pair's newest row (read only when {@code to} is null); empty when there is
     *                      none, then the range ends now and holds nothing
     * @param defaultLength how far before {@code to} an absent {@code from} lies
     * @param max           the longest range; a defaulted {@code to} is at most this after {@code from}
     * @throws BadRequest when both are given and from is not before to, or they lie further apart than {@code max}
     */
    static TimeRange of(Instant from, Instant to, Optional<Instant> newest, Duration defaultLength, Duration max) {
        if (to != null) {
            Instant start = from == null ? to.minus(defaultLength) : from;
            RequestParameters.range(start, to, max);
            return new TimeRange(start, to);
        }
        Instant end = newest.map(n -> n.plus(MINUTE)).orElseGet(Instant::now);
        if (from == null) {
            return new TimeRange(end.minus(defaultLength), end);
        }
        Instant capped = from.plus(max).isBefore(end) ? from.plus(max) : end;
        return new TimeRange(from, capped);
    }
}
