package dev.tickcast.runtime;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.tickcast.contracts.cloudevents.BinaryMode;
import dev.tickcast.contracts.cloudevents.CloudEventEnvelope;
import dev.tickcast.runtime.config.KafkaBindingConfig;
import dev.tickcast.runtime.telemetry.FunctionTelemetry;
import dev.tickcast.runtime.telemetry.Traceparents;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Where a function sends events that are not the single reply to its input: zero, one or many events, e.g.
 * the candles a batch of trades closes. On the Kafka binding they go to the broker topic (keyed by
 * {@code partitionkey}); in the cluster they are POSTed in binary mode to {@code K_SINK}, the broker ingress a
 * Knative SinkBinding injects. Completion means the broker has the event. A broker that cannot take it fails the Uni
 * with {@link DependencyUnavailableException} (an infrastructure failure: waited out, never the event's fault).
 */
@ApplicationScoped
public class EventSink {
    static final String OUTGOING = "tickcast-out";
    /** Events of one {@link #sendAll} awaiting the broker's ack at once; below the emitter's buffer of 128. */
    static final int IN_FLIGHT = 64;
    static final String BROKER_INGRESS = "the broker ingress";

    @Inject
    @Channel(OUTGOING)
    Instance<MutinyEmitter<byte[]>> broker;

    @Inject
    KafkaBindingConfig binding;

    @Inject
    FunctionTelemetry telemetry;

    @ConfigProperty(name = "tickcast.sink.url")
    Optional<URI> sink;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * Sends one event; the Uni completes when the broker acknowledged it. An event without a {@code traceparent}
     * gets the active span's, so the next function's span joins this trace.
     */
    public Uni<Void> send(CloudEventEnvelope event) {
        CloudEventEnvelope traced = traced(event);
        Uni<Void> sent = binding.enabled()
                ? toKafka(null, traced.partitionKey(), BinaryMode.KAFKA.headers(traced), traced.data())
                : toHttp(traced);
        return sent.invoke(() -> telemetry.emitted(traced.type()));
    }

    private static CloudEventEnvelope traced(CloudEventEnvelope event) {
        String current = event.traceparent() == null ? Traceparents.current() : null;
        if (current == null) {
            return event;
        }
        Map<String, String> extensions = new TreeMap<>(event.extensions());
        extensions.put(CloudEventEnvelope.TRACEPARENT, current);
        return new CloudEventEnvelope(event.id(), event.source(), event.type(), event.specVersion(), event.subject(),
                event.time(), event.dataContentType(), extensions, event.data());
    }

    /**
     * Sends events in order (a pair's events keep their order on its partition); completes when the broker has all.
     * On Kafka up to {@value #IN_FLIGHT} are in flight at once: they reach the producer in order, and the idempotent
     * producer keeps that order on the partition. Over HTTP the ingress gets them one after the other. One operator
     * for the whole list, not one nested Uni per event: such a chain overflows the stack at a few thousand events.
     */
    public Uni<Void> sendAll(List<CloudEventEnvelope> events) {
        return Multi.createFrom().iterable(events)
                .onItem().transformToUni(event -> send(event).replaceWith(event)).merge(binding.enabled() ? IN_FLIGHT : 1)
                .collect().last().replaceWithVoid();
    }

    /** A raw record to a topic of the Kafka binding (dead letters keep their original headers and bytes). */
    public Uni<Void> toKafka(String topic, String key, Map<String, String> headers, byte[] value) {
        RecordHeaders recordHeaders = new RecordHeaders();
        headers.forEach((name, v) -> recordHeaders.add(name, v.getBytes(StandardCharsets.UTF_8)));
        OutgoingKafkaRecordMetadata.OutgoingKafkaRecordMetadataBuilder<String> metadata = OutgoingKafkaRecordMetadata
                .<String> builder().withKey(key).withHeaders(recordHeaders);
        if (topic != null) {
            metadata.withTopic(topic);
        }
        return broker.get().sendMessage(Message.of(value).addMetadata(metadata.build()))
                .onFailure(failure -> !isTheRecordsFault(failure))
                .transform(failure -> new DependencyUnavailableException(FailureKind.KAFKA,
                        "producing to " + (topic == null ? binding.topic() : topic) + " failed: " + failure, failure));
    }

    /**
     * Kafka refuses a record for its own sake only when it is too large or cannot be serialized; every other produce
     * failure (timeouts, no leader, a closed or fenced producer, a full buffer) is the broker's, not the event's.
     */
    private static boolean isTheRecordsFault(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof org.apache.kafka.common.errors.RecordTooLargeException
                    || t instanceof org.apache.kafka.common.errors.RecordBatchTooLargeException
                    || t instanceof org.apache.kafka.common.errors.SerializationException) {
                return true;
            }
        }
        return false;
    }

    private Uni<Void> toHttp(CloudEventEnvelope event) {
        URI target = sink.orElseThrow(() -> new IllegalStateException(
                "tickcast.sink.url (K_SINK) is not set: with the Kafka binding off, events go to the broker ingress"));
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(event.data() == null ? new byte[0] : event.data()));
        BinaryMode.HTTP.headers(event).forEach(request::header);
        if (event.traceparent() != null) {
            // the broker ingress continues the trace from the plain W3C header, the next function from the extension
            request.header(CloudEventEnvelope.TRACEPARENT, event.traceparent());
        }
        return Uni.createFrom().completionStage(() -> http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()))
                .onFailure(java.io.IOException.class).transform(failure -> new DependencyUnavailableException(BROKER_INGRESS,
                        "broker ingress " + target + " unreachable: " + failure, failure))
                .onItem().transform(response -> {
                    String problem = "broker ingress " + target + " answered " + response.statusCode() + " to "
                            + event.type() + " " + event.id() + ": " + response.body();
                    if (response.statusCode() / 100 == 5 || response.statusCode() == 429) {
                        throw new DependencyUnavailableException(BROKER_INGRESS, problem, null);
                    }
                    if (response.statusCode() / 100 != 2) {
                        throw new IllegalStateException(problem);
                    }
                    return null;
                });
    }
}
