package dev.tickcast.runtime.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What makes an event invalid before its function sees it, on both bindings ({@code EventAdmission}). */
@ConfigMapping(prefix = "tickcast.events")
public interface EventRulesConfig {
    /** Largest data accepted, in bytes (the Kafka broker's default record limit is 1 MiB). */
    @WithDefault("1048576")
    int maxBytes();

    /** Deepest JSON nesting accepted; payloads nest 3 levels, Jackson's own limit is 500 and recursion can overflow. */
    @WithDefault("32")
    int maxDepth();

    /**
     * How far ahead of this machine's clock an event's {@code time}, a trade's time or a candle's end may be. The only
     * rule that reads the wall clock: everything else runs on event time, so a replay of the past behaves as live.
     */
    @WithDefault("5m")
    Duration maxClockSkew();
}
