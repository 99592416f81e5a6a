package dev.tickcast.runtime.telemetry;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

/**
 * What both bindings record about every delivered event: the {@code <function> process <type>} span and the RED
 * metrics of {@link TickcastMetric} (received, emitted, failed, dead-lettered, duration, event-time lag), with
 * {@code function} = {@code quarkus.application.name}.
 */
@ApplicationScoped
public class FunctionTelemetry {
    public static final String HTTP = "http";
    public static final String KAFKA = "kafka";
    public static final String SUCCESS = "success";
    public static final String ERROR = "error";
    public static final String DEAD_LETTER = "dead_letter";

    @Inject
    TickcastMeters meters;

    @Inject
    OpenTelemetry openTelemetry;

    @ConfigProperty(name = "quarkus.application.name")
    String function;

    private TickcastMeters.Count received;
    private TickcastMeters.Count emitted;
    private TickcastMeters.Count failed;
    private TickcastMeters.Count deadLettered;
    private TickcastMeters.Distribution duration;
    private TickcastMeters.Distribution lag;
    private Tracer tracer;

    @PostConstruct
    void instruments() {
        received = meters.counter(TickcastMetric.EVENTS_RECEIVED);
        emitted = meters.counter(TickcastMetric.EVENTS_EMITTED);
        failed = meters.counter(TickcastMetric.EVENTS_FAILED);
        deadLettered = meters.counter(TickcastMetric.EVENTS_DEAD_LETTERED);
        duration = meters.histogram(TickcastMetric.EVENT_DURATION, TickcastMeters.DURATION_BUCKETS);
        lag = meters.histogram(TickcastMetric.EVENT_LAG, TickcastMeters.LAG_BUCKETS);
        tracer = openTelemetry.getTracer(TickcastMeters.INSTRUMENTATION_SCOPE);
    }

    public String function() {
        return function;
    }

    public OpenTelemetry openTelemetry() {
        return openTelemetry;
    }

    /** A delivery: counted, and its event-time lag (now − the event's {@code time}) recorded when it has a time. */
    public void received(String type, String binding, OffsetDateTime time) {
        received.increment(function, type, binding);
        if (time != null) {
            double seconds = Duration.between(time.toInstant(), Instant.now()).toNanos() / 1e9;
            lag.record(Math.max(0, seconds), function, type);
        }
    }

    public void emitted(String type) {
        emitted.increment(function, type);
    }

    /** One failed attempt; {@code error} is a low-cardinality name (exception class, HTTP status). */
    public void failed(String type, String binding, String error) {
        failed.increment(function, type, binding, error);
    }

    /** {@code reason}: {@code invalid} (can never succeed) or {@code retries_exhausted}. */
    public void deadLettered(String type, String reason) {
        deadLettered.increment(function, type, reason);
    }

    public void handled(String type, String binding, String outcome, long startNanos) {
        duration.record((System.nanoTime() - startNanos) / 1e9, function, type, binding, outcome);
    }

    /** The span name of handling an event of {@code type}: {@code <function> process <type>}. */
    public String spanName(String type) {
        return function + " process " + type;
    }

    /** Gives a delivery's span the event's attributes. */
    public void describe(Span span, String type, String id, String pair) {
        span.setAttribute("messaging.operation.type", "process");
        span.setAttribute("cloudevents.event_type", type);
        if (id != null) {
            span.setAttribute("cloudevents.event_id", id);
        }
        if (pair != null) {
            span.setAttribute("pair", pair);
        }
    }

    /**
     * Starts the consumer span of a delivery: on Kafka its parent ({@code parent}) is the event's traceparent, over
     * HTTP Quarkus' server span (itself the child of the event's traceparent). {@code destination}: the topic, or
     * null over HTTP.
     */
    public Span startConsumer(Context parent, String binding, String type, String id, String pair, String destination) {
        SpanBuilder builder = tracer.spanBuilder(spanName(type)).setParent(parent).setSpanKind(SpanKind.CONSUMER)
                .setAttribute("tickcast.binding", binding);
        if (destination != null) {
            builder.setAttribute("messaging.system", "kafka").setAttribute("messaging.destination.name", destination);
        }
        Span span = builder.startSpan();
        describe(span, type, id, pair);
        return span;
    }

    /** Starts the producer span of an event a source emits on its own (the trace starts here). */
    public Span startProducer(String type, String pair) {
        Span span = tracer.spanBuilder(function + " publish " + type).setParent(Context.root())
                .setSpanKind(SpanKind.PRODUCER).setAttribute("messaging.operation.type", "publish")
                .setAttribute("cloudevents.event_type", type).startSpan();
        if (pair != null) {
            span.setAttribute("pair", pair);
        }
        return span;
    }
}
