package dev.tickcast.contracts.cloudevents;

/**
 * Kafka topics of the local stack. The broker topic is named as the Knative Kafka broker names its own
 * ({@code knative-broker-<namespace>-<broker>}), so the same records flow in the cluster and on one machine.
 */
public final class Topics {
    /** Every event of the system, keyed by partitionkey. */
    public static final String BROKER = "knative-broker-tickcast-default";
    /** Events that failed validation or exhausted their retries, with the reason in headers. */
    public static final String DEAD_LETTER = "knative-broker-tickcast-default-dead-letter";
    /** Partitions of the broker topic: more workers of a function share them. */
    public static final int BROKER_PARTITIONS = 4;

    private Topics() {
    }
}
