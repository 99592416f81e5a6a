package dev.tickcast.evaluate.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "tickcast.evaluate")
public interface EvaluateConfig {
    /**
     * The rolling window of {@code evaluation_rolling}: the last N evaluations of a pair and model. A day (1440, one
     * evaluation a minute): the skill of a good model is about 1 %, and over 60 five-minute predictions its standard
     * error is ~4 %, so a shorter window calls a good model worse than persistence half the time (README).
     */
    @WithDefault("1440")
    int rollingWindow();
}
