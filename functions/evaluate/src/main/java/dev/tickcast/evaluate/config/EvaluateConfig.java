package dev.tickcast.evaluate.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "tickcast.evaluate")
public interface EvaluateConfig {
    /** The rolling window of {@code evaluation_rolling}: the last N evaluations of a pair and model. */
    @WithDefault("60")
    int rollingWindow();
}
