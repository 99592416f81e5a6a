package dev.tickcast.aggregate.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the aggregate function closes minutes. */
@ConfigMapping(prefix = "tickcast.aggregate")
public interface AggregateConfig {
    /**
     * How long after a minute's end, in event time, its trades may still arrive: the minute closes when the pair's
     * watermark (latest trade time) reaches end + this. Later trades for it are late and revise the candle.
     */
    @WithDefault("5s")
    Duration allowedLateness();
}
