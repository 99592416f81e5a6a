package dev.tickcast.contracts.cloudevents;

import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A CloudEvent 1.0 as it travels in binary content mode: context attributes beside the data bytes.
 * {@link BinaryMode} maps it to HTTP headers ({@code ce-}) and Kafka headers ({@code ce_}) the way the
 * CloudEvents protocol bindings and the Knative Kafka broker do.
 *
 * @param extensions extension attributes by lower-case name, e.g. {@code partitionkey}, {@code traceparent}
 */
public record CloudEventEnvelope(
        String id,
        String source,
        String type,
        String specVersion,
        String subject,
        OffsetDateTime time,
        String dataContentType,
        Map<String, String> extensions,
        byte[] data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String JSON = "application/json";
    public static final String PARTITION_KEY = "partitionkey";
    public static final String TRACEPARENT = "traceparent";

    public CloudEventEnvelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        specVersion = specVersion == null ? SPEC_VERSION : specVersion;
        extensions = extensions == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(extensions));
    }

    public String partitionKey() {
        return extensions.get(PARTITION_KEY);
    }

    public String traceparent() {
        return extensions.get(TRACEPARENT);
    }

    /** A JSON event of one pair: subject and partition key are the pair, so its events keep their order. */
    public static CloudEventEnvelope json(String id, String source, String type, String pair, OffsetDateTime time,
            String traceparent, byte[] data) {
        Map<String, String> extensions = new TreeMap<>();
        if (pair != null) {
            extensions.put(PARTITION_KEY, pair);
        }
        if (traceparent != null) {
            extensions.put(TRACEPARENT, traceparent);
        }
        return new CloudEventEnvelope(id, source, type, SPEC_VERSION, pair, time, JSON, extensions, data);
    }
}
