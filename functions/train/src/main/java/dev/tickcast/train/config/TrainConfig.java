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

    /** The schedule when started without arguments ({@code every} of Quarkus' scheduler); {@code off} runs once. */
    @WithDefault("1h")
    String every();

    /** How long after start the schedule's first run waits (the stack's features are still arriving). */
    @WithDefault("5m")
    String firstRunDelay();

    /** The feature set trained on: the one featurize emits (market-v2, scale-free; see docs/model.md). */
    @WithDefault("market-v2")
    String featureSet();

    Optional<String> codeVersion();
}
