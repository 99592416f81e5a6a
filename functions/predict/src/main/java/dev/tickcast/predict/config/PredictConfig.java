package dev.tickcast.predict.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The predict function (README: the rules these keys tune). */
@ConfigMapping(prefix = "tickcast.predict")
public interface PredictConfig {
    /** Pairs whose champion is loaded at start; any other pair's is looked up on its first feature row. */
    Optional<List<String>> pairs();

    /**
     * Stale: a row more than this older (event time) than the newest row already predicted for its pair gets no
     * prediction (a late revision or an out-of-order arrival: most of its horizon has been seen already).
     */
    @WithDefault("1m")
    Duration maxLag();

    /** Expired: a model serves rows up to this long after the end of its training data, no later. */
    @WithDefault("7d")
    Duration modelMaxAge();

    /**
     * How often champion.json is read again (conditionally on its ETag) so that a lost model.promoted.v1 is
     * corrected ({@code every} of Quarkus' scheduler, e.g. {@code 30s}; {@code off} disables it).
     */
    @WithDefault("30s")
    String championRefresh();

    Signal signal();

    interface Signal {
        /** Taker fee per side as a fraction of the notional (Kraken's base tier: 0.26 %). */
        @WithDefault("0.0026")
        double feeRate();

        /** Predicted log return needed on top of the round-trip fees before a signal is buy or sell. */
        @WithDefault("0.0005")
        double minEdge();
    }
}
