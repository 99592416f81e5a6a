package dev.tickcast.contracts;

import java.util.regex.Pattern;

/**
 * Trading pairs. In events a pair is written {@code BTC/USD} (as Kraken's v2 API does); in URLs it is
 * {@code BTC-USD}, since a slash cannot stand in a path segment.
 */
public final class Pairs {
    /** Base and quote currency codes, upper case, 2–10 letters or digits each. */
    public static final String EVENT_PATTERN = "^[A-Z0-9]{2,10}/[A-Z0-9]{2,10}$";
    private static final Pattern EVENT = Pattern.compile(EVENT_PATTERN);
    private static final Pattern URL = Pattern.compile("^[A-Z0-9]{2,10}-[A-Z0-9]{2,10}$");

    private Pairs() {
    }

    public static boolean isEventForm(String pair) {
        return pair != null && EVENT.matcher(pair).matches();
    }

    /** {@code BTC-USD} → {@code BTC/USD}; rejects anything else with a message naming the rule. */
    public static String fromUrl(String urlPair) {
        if (urlPair == null || !URL.matcher(urlPair).matches()) {
            throw new IllegalArgumentException(
                    "pair: must be BASE-QUOTE with 2-10 upper-case letters or digits each (e.g. BTC-USD), got '"
                            + urlPair + "'");
        }
        return urlPair.replace('-', '/');
    }

    public static String toUrl(String eventPair) {
        if (!isEventForm(eventPair)) {
            throw new IllegalArgumentException("pair: must be BASE/QUOTE (e.g. BTC/USD), got '" + eventPair + "'");
        }
        return eventPair.replace('/', '-');
    }
}
