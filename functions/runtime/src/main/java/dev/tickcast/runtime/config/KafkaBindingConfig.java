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

    /**
     * Attempts per event, the first included, before an event whose function keeps failing is dead-lettered. Failures
     * of a dependency (PostgreSQL, S3, Kafka) do not count: those are retried until the dependency is back.
     */
    @WithDefault("4")
    int maxAttempts();

    /** Back-off before the first retry; doubles each retry, with jitter, up to {@link #maxBackoff()}. */
    @WithDefault("200ms")
    Duration initialBackoff();

    @WithDefault("5s")
    Duration maxBackoff();

    /**
     * How long one attempt of a function may take. A hung attempt then counts as a failed one (retried with back-off,
     * dead-lettered after {@link #maxAttempts()}) instead of holding its partition back forever.
     */
    @WithDefault("60s")
    Duration eventDeadline();

    /**
     * The one consumer group ({@code quarkus.application.name}) that dead-letters records no function handles:
     * records that are not CloudEvents (no {@code ce_type}) and types the contracts do not know. Every other group
     * skips them, so each such record is dead-lettered exactly once.
     */
    @WithDefault("aggregate")
    String unroutedOwner();
}
