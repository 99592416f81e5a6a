package dev.tickcast.runtime.telemetry;

import org.eclipse.microprofile.config.ConfigProvider;

import dev.tickcast.contracts.cloudevents.CloudEventEnvelope;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.quarkus.funqy.knative.events.CloudEvent;

/**
 * The W3C {@code traceparent} an emitted event carries: the span that handled the input (so the next function's
 * span is its child and the trace grows one link per function), or, with tracing off, the input's unchanged.
 */
public final class Traceparents {
    private Traceparents() {
    }

    /** The active span's traceparent, or null when no span is active (tracing off, or outside any span). */
    public static String current() {
        return of(Span.current().getSpanContext());
    }

    /**
     * The traceparent of a span context, or null when it is not valid or tracing is off. (With
     * {@code quarkus.otel.sdk.disabled=true} Quarkus still hands out an SDK that makes spans, only exporting none;
     * their ids would change every traceparent for nothing, so off means carried unchanged.)
     */
    public static String of(SpanContext context) {
        if (context == null || !context.isValid() || !enabled()) {
            return null;
        }
        return "00-" + context.getTraceId() + "-" + context.getSpanId() + "-" + context.getTraceFlags().asHex();
    }

    /** Whether tracing is on ({@code quarkus.otel.sdk.disabled} is not true). */
    public static boolean enabled() {
        return !ConfigProvider.getConfig().getOptionalValue("quarkus.otel.sdk.disabled", Boolean.class).orElse(false);
    }

    /** What an event emitted while handling {@code input} carries: the active span's, else the input's. */
    public static String of(CloudEvent<?> input) {
        String current = current();
        if (current != null) {
            return current;
        }
        return input.extensions() == null ? null : input.extensions().get(CloudEventEnvelope.TRACEPARENT);
    }

    /** The active span's traceparent, else {@code carried}. */
    public static String currentOr(String carried) {
        String current = current();
        return current != null ? current : carried;
    }
}
