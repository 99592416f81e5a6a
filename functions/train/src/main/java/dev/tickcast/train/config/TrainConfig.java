package dev.tickcast.train.config;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The training job. */
@ConfigMapping(prefix = "tickcast.train")
public interface TrainConfig {
    /** Pairs trained by a run without {@code --pair} and by the schedule. */
    @WithDefault("BTC/USD")
    List<String> pairs();

    /** The last share of the rows, held out of every choice and used only to judge the final model. */
    @WithDefault("0.2")
    double holdoutFraction();

    /** Walk-forward folds before the holdout. */
    @WithDefault("4")
    int folds();

    @WithDefault("42")
    long seed();

    /** How much history a run without {@code --from} uses, counted back from its end. */
    @WithDefault("30d")
    java.time.Duration lookback();

    /**
     * The schedule when started without arguments, in event time: a pair is trained again once its newest
     * non-warm-up feature row is this much past the data end of its newest trained version (a duration such as
     * {@code 6h}); {@code off} trains every pair once and exits.
     */
    @WithDefault("6h")
    String every();

    /** How often (wall clock) the long-running process reads each pair's event time to see whether a run is due. */
    @WithDefault("5s")
    java.time.Duration poll();

    /** The feature set trained on: the one featurize emits (market-v2, scale-free; see docs/model.md). */
    @WithDefault("market-v2")
    String featureSet();

    Optional<String> codeVersion();
}
