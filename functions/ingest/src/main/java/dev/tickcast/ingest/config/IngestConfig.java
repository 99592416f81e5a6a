package dev.tickcast.ingest.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "tickcast.ingest")
public interface IngestConfig {
    /** Stream live trades from Kraken. */
    boolean live();

    /** Pairs to stream, as BTC/USD. */
    List<String> pairs();

    Kraken kraken();

    News news();

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

    /** News polling: a CryptoPanic-style JSON API and RSS/Atom feeds, polled on each news.poll.v1 tick. */
    interface News {
        Cryptopanic cryptopanic();

        /** RSS 2.0 or Atom feeds, each {@code name=url}; the name is the news items' {@code source}. */
        Optional<List<String>> feeds();

        /** Most pages of a paged source read in one poll; the rest of the walk resumes at the next tick. */
        @WithDefault("5")
        int maxPages();

        @WithDefault("10s")
        Duration requestTimeout();

        /** Back-off after a source's first failed poll (HTTP 429, 5xx, IO error); doubles per failure, with jitter. */
        @WithDefault("30s")
        Duration initialBackoff();

        @WithDefault("30m")
        Duration maxBackoff();

        /** How long one poller holds a source: a doubled tick never polls the same source twice at once. */
        @WithDefault("2m")
        Duration lease();

        /**
         * Where invalid news items go when the Kafka binding is off (in the cluster): a CloudEvents sink, e.g. the
         * dead-letter KafkaSink's address. On the Kafka binding they go to the dead-letter topic.
         */
        Optional<URI> deadLetterUrl();

        interface Cryptopanic {
            /** The API token (from the environment: CRYPTOPANIC_TOKEN); the source is off without one. */
            Optional<String> token();

            @WithDefault("https://cryptopanic.com/api/v1/posts/")
            URI url();

            /** The news items' {@code source}. */
            @WithDefault("cryptopanic")
            String name();
        }
    }
}
