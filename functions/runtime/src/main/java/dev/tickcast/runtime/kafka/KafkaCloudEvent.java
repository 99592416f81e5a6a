package dev.tickcast.runtime.kafka;

import java.time.OffsetDateTime;
import java.util.Map;

import dev.tickcast.contracts.cloudevents.CloudEventEnvelope;
import io.quarkus.funqy.knative.events.AbstractCloudEvent;
import io.quarkus.funqy.knative.events.CloudEvent;

/** A Kafka record's CloudEvent as a function sees it: the same interface the HTTP binding hands over. */
final class KafkaCloudEvent<T> extends AbstractCloudEvent<T> implements CloudEvent<T> {
    private final CloudEventEnvelope envelope;
    private final T data;

    KafkaCloudEvent(CloudEventEnvelope envelope, T data) {
        this.envelope = envelope;
        this.data = data;
    }

    @Override
    public String id() {
        return envelope.id();
    }

    @Override
    public String specVersion() {
        return envelope.specVersion();
    }

    @Override
    public String source() {
        return envelope.source();
    }

    @Override
    public String type() {
        return envelope.type();
    }

    @Override
    public String subject() {
        return envelope.subject();
    }

    @Override
    public OffsetDateTime time() {
        return envelope.time();
    }

    @Override
    public Map<String, String> extensions() {
        return envelope.extensions();
    }

    @Override
    public String dataSchema() {
        return envelope.extensions().get("dataschema");
    }

    @Override
    public String dataContentType() {
        return envelope.dataContentType();
    }

    @Override
    public T data() {
        return data;
    }
}
