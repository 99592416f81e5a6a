package dev.tickcast.api.rest;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.tickcast.api.config.ApiConfig;
import dev.tickcast.contracts.Pairs;

/** A pair from a URL is served only if it has the right form and is one of {@code tickcast.api.pairs}. */
@ApplicationScoped
public class AllowedPairs {
    @Inject
    ApiConfig config;

    private volatile Set<String> allowed;

    /** {@code BTC-USD} → {@code BTC/USD}, or a {@link BadRequest} naming the rule it broke. */
    public String check(String urlPair) {
        String pair = RequestParameters.pair(urlPair);
        if (!allowed().contains(pair)) {
            throw new BadRequest("pair", "allow-list", "'" + urlPair + "' is not served; served pairs: "
                    + String.join(", ", urlForms()));
        }
        return pair;
    }

    /** The served pairs in URL form, sorted. */
    public List<String> urlForms() {
        return allowed().stream().map(Pairs::toUrl).toList();
    }

    private Set<String> allowed() {
        if (allowed == null) {
            Set<String> pairs = new TreeSet<>();
            for (String pair : config.pairs()) {
                String trimmed = pair.trim();
                pairs.add(trimmed.contains("-") ? Pairs.fromUrl(trimmed) : requireEventForm(trimmed));
            }
            allowed = java.util.Collections.unmodifiableSet(pairs);
        }
        return allowed;
    }

    private static String requireEventForm(String pair) {
        if (!Pairs.isEventForm(pair)) {
            throw new IllegalStateException("tickcast.api.pairs: '" + pair + "' is not a pair like BTC/USD");
        }
        return pair;
    }
}
