package dev.tickcast.runtime.http;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tickcast.contracts.cloudevents.BinaryMode;
import dev.tickcast.contracts.cloudevents.MalformedEventException;
import dev.tickcast.contracts.json.Json;
import dev.tickcast.contracts.validation.EventValidationException;
import dev.tickcast.runtime.EventAdmission;
import dev.tickcast.runtime.FailureKind;
import dev.tickcast.runtime.InvalidEventException;
import dev.tickcast.runtime.telemetry.FunctionTelemetry;
import dev.tickcast.runtime.telemetry.Traceparents;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * What the HTTP binding adds to Funqy's: {@code ce-time} in RFC 3339 with seconds, the extensions a reply must keep ({@code partitionkey}, so the
 * Knative Kafka broker keeps a pair's events on one partition; {@code traceparent}, taken from the W3C header
 * when Knative sends it there, replaced on the reply by the span that handled the event; the subject), the RED
 * metrics of each delivery ({@link FunctionTelemetry}), and the two kinds of failure (DESIGN.md, "Time and failure"):
 * <ul>
 * <li>an invalid event is refused before Funqy reads it, by the same {@link EventAdmission} as the Kafka binding:
 * 400 (413 too large, 415 content type) with a body naming the field and the rule, which the broker does not retry but
 * sends to its dead-letter sink;</li>
 * <li>an infrastructure failure ({@link FailureKind#INFRASTRUCTURE}: PostgreSQL, S3, Kafka down) answers 503, which
 * the broker retries with its back-off: the event is not at fault.</li>
 * </ul>
 */
@ApplicationScoped
public class CloudEventHttpSupport {
    private static final List<String> CARRIED = List.of("ce-partitionkey", "ce-traceparent", "ce-subject");
    /** What the body handler reads at most; {@link EventAdmission} answers 413 with the rule above its own limit. */
    private static final long MAX_BODY = 16L * 1024 * 1024;
    private static final Logger LOG = Logger.getLogger(CloudEventHttpSupport.class);
    /** The {@code type} attribute of metrics and spans for a delivery that has none (as on the Kafka binding). */
    private static final String UNKNOWN_TYPE = "unknown";

    @Inject
    FunctionTelemetry telemetry;

    @Inject
    EventAdmission admission;

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::carryContext);
        router.route().order(Integer.MIN_VALUE).failureHandler(this::failure);
        // the body is read here, before Funqy's route (whose body handler then finds it read), to admit the event first
        BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_BODY);
        router.route(HttpMethod.POST, "/*").order(Integer.MIN_VALUE + 1).handler(context -> {
            if (isEventDelivery(context)) {
                context.request().resume();
                body.handle(context);
            } else {
                context.next();
            }
        }).handler(this::admit);
    }

    /** A POST to Funqy's root or with CloudEvents headers, in an application that has functions. */
    private boolean isEventDelivery(RoutingContext context) {
        MultiMap headers = context.request().headers();
        return !admission.routes().isEmpty() && ("/".equals(context.request().path()) || headers.contains("ce-id")
                || headers.contains("ce-type") || headers.contains("ce-specversion"));
    }

    private void admit(RoutingContext context) {
        if (!isEventDelivery(context)) {
            context.next();
            return;
        }
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        context.request().headers().forEach(header -> headers.putIfAbsent(header.getKey(), header.getValue()));
        String contentType = headers.getOrDefault("Content-Type", "");
        if (contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/cloudevents")) {
            reject(context, new InvalidEventException(415, null, "Content-Type", "binary-mode",
                    "only CloudEvents in binary content mode are accepted, got '" + contentType + "'"));
            return;
        }
        byte[] data = context.body() == null || context.body().buffer() == null ? new byte[0]
                : context.body().buffer().getBytes();
        try {
            admission.admit(BinaryMode.HTTP, headers, data);
        } catch (InvalidEventException invalid) {
            reject(context, invalid);
            return;
        }
        context.next();
    }

    private static void reject(RoutingContext context, InvalidEventException invalid) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("error", invalid.getMessage());
        if (invalid.type() != null) {
            body.put("type", invalid.type());
        }
        ArrayNode violations = body.putArray("violations");
        invalid.violations().forEach(v -> violations.addObject()
                .put("field", v.field()).put("rule", v.rule()).put("message", v.message()));
        respond(context, invalid.status(), body);
    }

    private void carryContext(RoutingContext context) {
        MultiMap request = context.request().headers();
        if (request.contains("ce-id")) {
            long start = System.nanoTime();
            if (!request.contains("ce-traceparent") && request.contains("traceparent")) {
                request.add("ce-traceparent", request.get("traceparent"));
            }
            // a delivery without a type (refused below) is still counted, under the type of records that are no event
            String type = request.get("ce-type") == null || request.get("ce-type").isBlank() ? UNKNOWN_TYPE
                    : request.get("ce-type");
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

    private void failure(RoutingContext context) {
        ObjectNode body = Json.mapper().createObjectNode();
        Throwable failure = context.failure();
        if (failure != null && FailureKind.of(failure) == FailureKind.INFRASTRUCTURE) {
            String dependency = FailureKind.dependency(failure);
            LOG.warnf("answering 503, waiting for %s: %s", dependency, FailureKind.unwrap(failure).toString());
            body.put("error", "waiting for " + dependency + ": " + FailureKind.unwrap(failure).getMessage());
            body.put("dependency", dependency);
            respond(context, 503, body);
            return;
        }
        // a function's own verdict on its event (admission let it through, the function found it broken)
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InvalidEventException invalid) {
                reject(context, invalid);
                return;
            }
            if (t instanceof EventValidationException invalid) {
                reject(context, new InvalidEventException(400, invalid.type(), invalid.violations()));
                return;
            }
            if (t instanceof MalformedEventException malformed) {
                reject(context, new InvalidEventException(400, context.request().getHeader("ce-type"), malformed.field(),
                        malformed.rule(), malformed.getMessage()));
                return;
            }
        }
        context.next();
    }

    private static void respond(RoutingContext context, int status, ObjectNode body) {
        if (!context.response().headWritten()) {
            context.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.toString());
        }
    }
}
