package dev.tickcast.ingest.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "tickcast.ingest")
public interface IngestConfig {
    /** Stream live trades from Kraken. */
    boolean live();

    /** Pairs to stream, as BTC/USD. */
    List<String> pairs();

    Kraken kraken();

    interface Kraken {
        URI websocketUrl();

        URI restUrl();

        /** Least time between two REST requests (Kraken's public limit is about one per second). */
        @WithDefault("1s")
        Duration restInterval();

        /** Silence after which the WebSocket counts as dead (Kraken heartbeats every second). */
        @WithDefault("10s")
        Duration staleAfter();
    }
}
