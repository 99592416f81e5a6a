package dev.tickcast.runtime.http;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tickcast.contracts.cloudevents.BinaryMode;
import dev.tickcast.contracts.cloudevents.MalformedEventException;
import dev.tickcast.contracts.json.Json;
import dev.tickcast.contracts.validation.EventValidationException;
import dev.tickcast.runtime.telemetry.FunctionTelemetry;
import dev.tickcast.runtime.telemetry.Traceparents;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * What the HTTP binding adds to Funqy's: {@code ce-time} in RFC 3339 with seconds, the extensions a reply must keep ({@code partitionkey}, so the
 * Knative Kafka broker keeps a pair's events on one partition; {@code traceparent}, taken from the W3C header
 * when Knative sends it there, replaced on the reply by the span that handled the event; the subject), the RED
 * metrics of each delivery ({@link FunctionTelemetry}), and a 400 naming the field and the rule for an event that
 * breaks its contract, which the broker does not retry but sends to its dead-letter sink.
 */
@ApplicationScoped
public class CloudEventHttpSupport {
    private static final List<String> CARRIED = List.of("ce-partitionkey", "ce-traceparent", "ce-subject");

    @Inject
    FunctionTelemetry telemetry;

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::carryContext);
        router.route().order(Integer.MIN_VALUE).failureHandler(this::contractFailure);
    }

    private void carryContext(RoutingContext context) {
        MultiMap request = context.request().headers();
        if (request.contains("ce-id")) {
            long start = System.nanoTime();
            if (!request.contains("ce-traceparent") && request.contains("traceparent")) {
                request.add("ce-traceparent", request.get("traceparent"));
            }
            String type = request.get("ce-type");
            telemetry.received(type, FunctionTelemetry.HTTP, time(request.get("ce-time")));
            // a child of Quarkus' server span, which is the child of the event's traceparent (CloudEventsTraceContext);
            // current for the rest of the request, so the function and what it emits run in it
            Span span = telemetry.startConsumer(Context.current(), FunctionTelemetry.HTTP, type, request.get("ce-id"),
                    request.get("ce-subject"), null);
            String handling = Traceparents.of(span.getSpanContext());
            Scope scope = span.makeCurrent();
            String[] replyType = new String[1];
            context.addHeadersEndHandler(ignored -> {
                MultiMap response = context.response().headers();
                if (response.contains("ce-id")) {
                    replyType[0] = response.get("ce-type");
                    String time = response.get("ce-time");
                    if (time != null) {
                        // Funqy writes OffsetDateTime.toString(), which drops zero seconds: not RFC 3339
                        response.set("ce-time", BinaryMode.rfc3339(java.time.OffsetDateTime.parse(time)));
                    }
                    String traceparent = response.get("ce-traceparent");
                    if (handling != null && (traceparent == null || traceparent.equals(request.get("ce-traceparent")))) {
                        // the reply continues from this function's span, not from its input's
                        response.set("ce-traceparent", handling);
                    }
                    for (String name : CARRIED) {
                        if (!response.contains(name) && request.contains(name)) {
                            response.set(name, request.get(name));
                        }
                    }
                }
            });
            context.addBodyEndHandler(ignored -> {
                int status = context.response().getStatusCode();
                boolean ok = status / 100 == 2;
                if (ok && replyType[0] != null) {
                    telemetry.emitted(replyType[0]);
                }
                if (!ok) {
                    telemetry.failed(type, FunctionTelemetry.HTTP, "http_" + status);
                }
                telemetry.handled(type, FunctionTelemetry.HTTP, ok ? FunctionTelemetry.SUCCESS : FunctionTelemetry.ERROR,
                        start);
                if (!ok) {
                    span.setStatus(StatusCode.ERROR, "HTTP " + status);
                }
                span.end();
                scope.close();
            });
        }
        context.next();
    }

    private static OffsetDateTime time(String value) {
        try {
            return value == null ? null : OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private void contractFailure(RoutingContext context) {
        ObjectNode body = Json.mapper().createObjectNode();
        for (Throwable t = context.failure(); t != null; t = t.getCause()) {
            if (t instanceof EventValidationException invalid) {
                body.put("error", invalid.getMessage());
                body.put("type", invalid.type());
                ArrayNode violations = body.putArray("violations");
                invalid.violations().forEach(v -> violations.addObject()
                        .put("field", v.field()).put("rule", v.rule()).put("message", v.message()));
                badRequest(context, body);
                return;
            }
            if (t instanceof MalformedEventException malformed) {
                body.put("error", malformed.getMessage());
                badRequest(context, body);
                return;
            }
        }
        if (context.request().headers().contains("ce-id") && (context.body() == null || context.body().length() <= 0)
                && context.statusCode() != 404) {
            // Funqy fails with a NullPointerException on a data-less event for a function that takes data
            body.put("error", "data: required: the " + context.request().getHeader("ce-type") + " event has no data");
            badRequest(context, body);
            return;
        }
        context.next();
    }

    private static void badRequest(RoutingContext context, ObjectNode body) {
        if (!context.response().headWritten()) {
            context.response().setStatusCode(400).putHeader("Content-Type", "application/json").end(body.toString());
        }
    }
}
