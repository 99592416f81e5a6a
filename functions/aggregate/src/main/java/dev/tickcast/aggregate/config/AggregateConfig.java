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

    /**
     * Minutes per statement: candles are derived, written and sent in batches of this many, so a long gap (a quiet
     * pair's year is 525,600 carried-forward minutes) is more batches, never one huge statement or message list.
     */
    @WithDefault("1000")
    int batchMinutes();

    /**
     * The most minutes one transaction closes. A longer gap closes in several transactions, each committed and sent
     * before the next: progress survives a crash or a retry, and no transaction holds the pair's lock for long.
     */
    @WithDefault("5000")
    int minutesPerTransaction();

    /**
     * How long one delivery keeps closing pending minutes. Past it, the function leaves the rest to a continuation
     * event (the pair's last trade once more, a duplicate) queued behind the other pairs' events, so a quiet pair's
     * year never holds a partition, an HTTP request or the Kafka record's acknowledgement (SmallRye fails the channel
     * when a record waits 60 s) for long.
     */
    @WithDefault("10s")
    Duration deliveryBudget();
}
