package dev.tickcast.runtime;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.microprofile.config.ConfigProvider;

import dev.tickcast.contracts.cloudevents.CloudEventEnvelope;
import dev.tickcast.contracts.cloudevents.EventIds;
import dev.tickcast.runtime.telemetry.Traceparents;
import io.quarkus.funqy.knative.events.CloudEvent;
import io.quarkus.funqy.knative.events.CloudEventBuilder;

/**
 * Builds a function's reply to an event the same way on both bindings: a deterministic id (one per function
 * and input event, so a redelivered event gets the same reply id), the subject and {@code partitionkey} of
 * the pair, the {@code traceparent} of the span handling the input (the input's own when tracing is off, so the
 * trace still holds together), and {@code time} = the event time the function names.
 * Type and source are left to the binding, which takes them from the function's {@code @CloudEventMapping}.
 */
public final class Replies {
    private static volatile String application;

    private Replies() {
    }

    /** The reply to {@code input} carrying {@code data}, for the same pair as the input. */
    public static <T> CloudEvent<T> to(CloudEvent<?> input, T data, Instant eventTime) {
        return to(input, data, eventTime, input.subject());
    }

    /** The reply to {@code input} carrying {@code data} about {@code pair}. */
    public static <T> CloudEvent<T> to(CloudEvent<?> input, T data, Instant eventTime, String pair) {
        Map<String, String> extensions = new TreeMap<>();
        if (pair != null) {
            extensions.put(CloudEventEnvelope.PARTITION_KEY, pair);
        }
        String traceparent = Traceparents.of(input);
        if (traceparent != null) {
            extensions.put(CloudEventEnvelope.TRACEPARENT, traceparent);
        }
        return CloudEventBuilder.create()
                .specVersion(CloudEventEnvelope.SPEC_VERSION)
                .id(EventIds.reply(application(), input.id()))
                .subject(pair)
                .time(eventTime == null ? null : OffsetDateTime.ofInstant(eventTime, ZoneOffset.UTC))
                .extensions(extensions)
                .build(data);
    }

    private static String application() {
        String name = application;
        if (name == null) {
            name = ConfigProvider.getConfig().getOptionalValue("quarkus.application.name", String.class)
                    .orElse("tickcast");
            application = name;
        }
        return name;
    }
}
