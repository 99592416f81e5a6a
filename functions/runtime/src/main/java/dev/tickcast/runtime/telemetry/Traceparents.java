package dev.tickcast.runtime.telemetry;

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

    /** The traceparent of a span context, or null when it is not valid. */
    public static String of(SpanContext context) {
        if (context == null || !context.isValid()) {
            return null;
        }
        return "00-" + context.getTraceId() + "-" + context.getSpanId() + "-" + context.getTraceFlags().asHex();
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
