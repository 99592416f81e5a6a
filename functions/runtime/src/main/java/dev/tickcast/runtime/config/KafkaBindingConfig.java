package dev.tickcast.runtime.config;

import java.time.Duration;

import dev.tickcast.contracts.cloudevents.Topics;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The Kafka binding: how often a failing event is retried and where events that cannot succeed go. */
@ConfigMapping(prefix = "tickcast.kafka-binding")
public interface KafkaBindingConfig {
    /** Off in the cluster, where Knative delivers events over HTTP and takes replies from the response. */
    @WithDefault("true")
    boolean enabled();

    /** The broker topic: every event of the system. */
    @WithDefault(Topics.BROKER)
    String topic();

    /** Where events go that failed validation or exhausted their retries. */
    @WithDefault(Topics.DEAD_LETTER)
    String deadLetterTopic();

    /** Attempts per event, the first included, before it is dead-lettered. */
    @WithDefault("4")
    int maxAttempts();

    /** Back-off before the first retry; doubles each retry, with jitter, up to {@link #maxBackoff()}. */
    @WithDefault("200ms")
    Duration initialBackoff();

    @WithDefault("5s")
    Duration maxBackoff();
}
