package dev.tickcast.runtime.kafka;

import static io.quarkus.funqy.runtime.bindings.knative.events.KnativeEventsBindingRecorder.DATA_OBJECT_WRITER;
import static io.quarkus.funqy.runtime.bindings.knative.events.KnativeEventsBindingRecorder.INPUT_CE_DATA_TYPE;
import static io.quarkus.funqy.runtime.bindings.knative.events.KnativeEventsBindingRecorder.OUTPUT_CE_DATA_TYPE;
import static io.quarkus.funqy.runtime.bindings.knative.events.KnativeEventsBindingRecorder.RESPONSE_SOURCE;
import static io.quarkus.funqy.runtime.bindings.knative.events.KnativeEventsBindingRecorder.RESPONSE_TYPE;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectWriter;

import dev.tickcast.contracts.EventCatalog;
import dev.tickcast.contracts.cloudevents.BinaryMode;
import dev.tickcast.contracts.cloudevents.CloudEventEnvelope;
import dev.tickcast.contracts.cloudevents.DeadLetter;
import dev.tickcast.contracts.cloudevents.EventIds;
import dev.tickcast.runtime.EventAdmission;
import dev.tickcast.runtime.EventSink;
import dev.tickcast.runtime.FailureKind;
import dev.tickcast.runtime.InvalidEventException;
import dev.tickcast.runtime.config.KafkaBindingConfig;
import dev.tickcast.runtime.telemetry.FunctionTelemetry;
import dev.tickcast.runtime.telemetry.Traceparents;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.funqy.knative.events.CloudEvent;
import io.quarkus.funqy.runtime.FunctionInvoker;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.funqy.runtime.RequestContextImpl;
import io.quarkus.funqy.runtime.bindings.knative.events.FunqyRequestImpl;
import io.quarkus.funqy.runtime.bindings.knative.events.FunqyResponseImpl;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * The Kafka binding: the same Funqy functions that Knative reaches over HTTP, fed from the broker topic.
 * <p>
 * Each function module is one consumer group on the broker topic. A record whose {@code ce_type} is the trigger of one
 * of its functions passes {@link EventAdmission} (CloudEvents attributes, content type, encoding, size, nesting, the
 * contract, no future times: the very rules of the HTTP binding) and the function is invoked through Funqy's own
 * invoker. The reply goes back to the broker topic in binary form, keyed by its {@code partitionkey}. What happens
 * when something fails depends on whose fault it is ({@link FailureKind}):
 * <ul>
 * <li>an invalid event goes to the dead-letter topic at once (code 400), by each group that consumes its type;</li>
 * <li>a record no function handles (not a CloudEvent, or a type the contracts do not know) is dead-lettered by the one
 * group {@code tickcast.kafka-binding.unrouted-owner} and skipped by the others: one dead letter per record;</li>
 * <li>an infrastructure failure (PostgreSQL, S3, producing to Kafka) is retried with back-off until the dependency is
 * back, for as long as it takes; meanwhile the binding takes no further record ({@link DependencyOutages} shows it
 * in readiness and a gauge) and nothing is dead-lettered;</li>
 * <li>any other failure, including an attempt that outlives {@code event-deadline}, is retried up to
 * {@code max-attempts} times, then dead-lettered (code 500) to be looked at and redriven.</li>
 * </ul>
 * The offset is committed only after the reply or the dead letter is acknowledged by Kafka: at-least-once, never lost.
 */
@ApplicationScoped
public class KafkaFunctionBinding {
    static final String INCOMING = "tickcast-in";
    /** {@code type} of a record that is not a CloudEvent. */
    static final String UNKNOWN_TYPE = "unknown";
    /** Dead-letter reasons: an event that can never succeed, one whose function kept failing. */
    static final String INVALID = "invalid";
    static final String RETRIES_EXHAUSTED = "retries_exhausted";
    private static final TextMapGetter<Map<String, String>> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            // the extension (ce_traceparent, which headers() fills from a plain traceparent header when absent)
            return carrier == null ? null : carrier.getOrDefault("ce_" + key, carrier.get(key));
        }
    };
    private static final Logger LOG = Logger.getLogger(KafkaFunctionBinding.class);

    @Inject
    KafkaBindingConfig config;

    @Inject
    EventSink sink;

    @Inject
    FunctionTelemetry telemetry;

    @Inject
    EventAdmission admission;

    @Inject
    DependencyOutages outages;

    @ConfigProperty(name = "quarkus.application.name")
    String application;

    private volatile boolean stopping;

    void stopping(@Observes ShutdownEvent shutdown) {
        stopping = true;
    }

    @Incoming(INCOMING)
    public Uni<Void> consume(Message<byte[]> message) {
        IncomingKafkaRecordMetadata<?, ?> record = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow(() -> new IllegalStateException(INCOMING + " must be a Kafka channel"));
        Map<String, String> headers = headers(record.getHeaders());
        String type = headers.get("ce_type");
        FunctionInvoker invoker = type == null ? null : admission.routes().get(type);
        if (invoker == null) {
            String unrouted = unrouted(type);
            if (unrouted == null || !application.equals(config.unroutedOwner())) {
                return ack(message); // another function's event, or nobody's, which the owner group dead-letters
            }
            String known = type == null || type.isBlank() ? UNKNOWN_TYPE : type;
            telemetry.received(known, FunctionTelemetry.KAFKA, null);
            return deadLetter(message, record, null, 400, unrouted, 0, new Delivery(known, System.nanoTime(), Span.getInvalid()))
                    .onItem().transformToUni(ignored -> ack(message));
        }
        Delivery delivery = new Delivery(type, System.nanoTime(), telemetry.startConsumer(
                telemetry.openTelemetry().getPropagators().getTextMapPropagator().extract(Context.root(), headers, HEADERS),
                FunctionTelemetry.KAFKA, type, headers.get("ce_id"), headers.get("ce_subject"), record.getTopic()));
        telemetry.received(type, FunctionTelemetry.KAFKA, time(headers.get("ce_time")));
        EventAdmission.Admitted admitted;
        try {
            admitted = admission.admit(BinaryMode.KAFKA, headers, message.getPayload());
        } catch (InvalidEventException invalid) {
            // acknowledged once dead-lettered: an unacknowledged record would hold back every later commit
            return deadLetter(message, record, invoker, 400, invalid.getMessage(), 0, delivery)
                    .onItem().transformToUni(ignored -> ack(message));
        }
        CloudEventEnvelope event = admitted.event();
        Object input = invoker.getBindingContext().get(INPUT_CE_DATA_TYPE) != null
                ? new KafkaCloudEvent<>(event, admitted.data())
                : admitted.data();
        AtomicInteger attempts = new AtomicInteger();
        Uni<Object> attempt = Uni.createFrom().<Object> emitter(emitter -> {
            attempts.incrementAndGet();
            // the function runs in the delivery's span: what it emits continues this trace
            try (Scope scope = delivery.span.makeCurrent()) {
                invoke(invoker, input).subscribe().with(emitter::complete, emitter::fail);
            }
        })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .ifNoItem().after(config.eventDeadline()).failWith(() -> new EventDeadlineExceededException(config.eventDeadline()))
                .onFailure().invoke(failure -> failedAttempt(type, failure))
                .onItem().invoke(outages::recovered);
        return attempt
                // a dependency that is down is waited for, however long (until shutdown): nothing is dead-lettered,
                // nothing committed
                .onFailure(failure -> !stopping && FailureKind.of(failure) == FailureKind.INFRASTRUCTURE).retry()
                .withBackOff(config.initialBackoff(), config.maxBackoff()).withJitter(0.2).indefinitely()
                .onFailure(failure -> FailureKind.of(failure) == FailureKind.FUNCTION).retry()
                .withBackOff(config.initialBackoff(), config.maxBackoff()).withJitter(0.2)
                .atMost(Math.max(0, config.maxAttempts() - 1))
                .onItemOrFailure().transformToUni((output, failure) -> {
                    if (failure == null) {
                        return reply(message, record, invoker, event, output, delivery);
                    }
                    if (stopping) {
                        // the application is shutting down (its pools close under the function): not the event's
                        // fault; left unacknowledged, it is delivered again after the restart
                        return Uni.createFrom().failure(failure);
                    }
                    return deadLetter(message, record, invoker, FailureKind.of(failure) == FailureKind.INVALID ? 400 : 500,
                            describe(failure), attempts.get(), delivery);
                })
                .onItem().transformToUni(ignored -> ack(message));
    }

    private void failedAttempt(String type, Throwable failure) {
        telemetry.failed(type, FunctionTelemetry.KAFKA, FailureKind.unwrap(failure).getClass().getSimpleName());
        String dependency = FailureKind.dependency(failure);
        if (dependency != null && FailureKind.of(failure) == FailureKind.INFRASTRUCTURE) {
            outages.waiting(dependency, FailureKind.unwrap(failure));
        }
    }

    /**
     * Why a record that no function of this application handles is nobody's (a dead letter, written by the owner
     * group only), or null when it is another function's event.
     */
    private static String unrouted(String type) {
        if (type == null || type.isBlank()) {
            return "ce_type: required CloudEvents attribute is missing";
        }
        if (EventCatalog.byType(type).isEmpty()) {
            return "ce_type [known]: no function handles '" + type + "', not a type of the contracts";
        }
        return null;
    }

    /** One delivered event being handled: its type, when handling began, its span. */
    private record Delivery(String type, long start, Span span) {
    }

    private static OffsetDateTime time(String value) {
        try {
            return value == null ? null : OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Calls the function exactly as Funqy's HTTP binding does: request context active, Funqy's invoker. */
    private static Uni<?> invoke(FunctionInvoker invoker, Object input) {
        ManagedContext requestContext = Arc.container().requestContext();
        requestContext.activate();
        RequestContextImpl context = new RequestContextImpl();
        if (input instanceof CloudEvent<?> event) {
            context.setContextData(CloudEvent.class, event);
        }
        FunqyResponseImpl response = new FunqyResponseImpl();
        invoker.invoke(new FunqyRequestImpl(context, input), response);
        return response.getOutput().onTermination().invoke(() -> {
            if (requestContext.isActive()) {
                requestContext.terminate();
            }
        });
    }

    private Uni<Void> reply(Message<byte[]> message, IncomingKafkaRecordMetadata<?, ?> record, FunctionInvoker invoker,
            CloudEventEnvelope input, Object output, Delivery delivery) {
        if (!invoker.hasOutput() || output == null) {
            return Uni.createFrom().voidItem().invoke(() -> succeeded(delivery));
        }
        Map<String, Object> binding = invoker.getBindingContext();
        CloudEvent<?> explicit = binding.get(OUTPUT_CE_DATA_TYPE) != null ? (CloudEvent<?>) output : null;
        Object data = explicit != null ? explicit.data() : output;
        Map<String, String> extensions = new TreeMap<>(explicit != null ? explicit.extensions() : Map.of());
        carry(input, extensions, CloudEventEnvelope.PARTITION_KEY, input.partitionKey());
        String handling = Traceparents.of(delivery.span.getSpanContext());
        if (handling != null) {
            // the reply continues from this delivery's span, whatever context the function's async steps ran on
            extensions.put(CloudEventEnvelope.TRACEPARENT, handling);
        }
        carry(input, extensions, CloudEventEnvelope.TRACEPARENT, input.traceparent());
        String id = explicit != null && explicit.id() != null ? explicit.id() : EventIds.reply(application, input.id());
        String type = explicit != null && explicit.type() != null ? explicit.type() : (String) binding.get(RESPONSE_TYPE);
        String source = explicit != null && explicit.source() != null ? explicit.source() : (String) binding.get(RESPONSE_SOURCE);
        String subject = explicit != null && explicit.subject() != null ? explicit.subject() : input.subject();
        byte[] bytes;
        try {
            bytes = ((ObjectWriter) binding.get(DATA_OBJECT_WRITER)).writeValueAsBytes(data);
        } catch (Exception e) {
            return deadLetter(message, record, invoker, 500, "the reply could not be written: " + describe(e), 1, delivery);
        }
        CloudEventEnvelope reply = new CloudEventEnvelope(id, source, type, CloudEventEnvelope.SPEC_VERSION, subject,
                explicit != null ? explicit.time() : null, CloudEventEnvelope.JSON, extensions, bytes);
        return produce(() -> sink.toKafka(null, reply.partitionKey(), BinaryMode.KAFKA.headers(reply), bytes))
                .onItemOrFailure().transformToUni((ignored, failure) -> {
                    if (failure != null) {
                        // not Kafka being down (that is retried by produce): this reply can never be stored
                        return deadLetter(message, record, invoker, 500, "the reply could not be produced: "
                                + describe(failure), 1, delivery);
                    }
                    telemetry.emitted(reply.type());
                    succeeded(delivery);
                    return Uni.createFrom().voidItem();
                });
    }

    private void succeeded(Delivery delivery) {
        telemetry.handled(delivery.type, FunctionTelemetry.KAFKA, FunctionTelemetry.SUCCESS, delivery.start);
        delivery.span.end();
    }

    private static void carry(CloudEventEnvelope input, Map<String, String> extensions, String name, String value) {
        if (value != null) {
            extensions.putIfAbsent(name, value);
        }
    }

    /**
     * Sends the record unchanged to the dead-letter topic with the reason: readable in {@code dead-letter-*}
     * headers, and as the {@code knativeerror*} extensions a Knative dead-letter sink receives.
     */
    private Uni<Void> deadLetter(Message<byte[]> message, IncomingKafkaRecordMetadata<?, ?> record,
            FunctionInvoker invoker, int code, String reason, int attempts, Delivery delivery) {
        delivery.span.setStatus(StatusCode.ERROR, reason);
        delivery.span.setAttribute("dead_letter.attempts", attempts);
        String function = invoker == null ? application : application + "/" + invoker.getName();
        LOG.warnf("dead-lettering %s@%d offset %d after %d attempt(s): %s", record.getTopic(), record.getPartition(),
                record.getOffset(), attempts, reason);
        Map<String, String> headers = new DeadLetter(function, code, reason, attempts,
                record.getTopic() + "/" + record.getPartition() + "/" + record.getOffset())
                .headersOn(BinaryMode.KAFKA, headers(record.getHeaders()));
        Object key = record.getKey();
        // retried until Kafka takes it, whatever the failure: the record is committed only once its dead letter is stored
        return produce(() -> sink.toKafka(config.deadLetterTopic(), key == null ? null : key.toString(), headers,
                message.getPayload()))
                .onFailure().retry().withBackOff(config.initialBackoff(), config.maxBackoff()).withJitter(0.2).indefinitely()
                .invoke(() -> {
                    telemetry.deadLettered(delivery.type, code == 500 ? RETRIES_EXHAUSTED : INVALID);
                    telemetry.handled(delivery.type, FunctionTelemetry.KAFKA, FunctionTelemetry.DEAD_LETTER, delivery.start);
                    delivery.span.end();
                });
    }

    /**
     * Produces a record, waiting out a broker that is down or unreachable (retried with back-off for as long as it
     * takes, shown by {@link DependencyOutages}); fails only for a failure that is not the broker's.
     */
    private Uni<Void> produce(Supplier<Uni<Void>> send) {
        return Uni.createFrom().<Void> deferred(send::get)
                .onFailure().invoke(failure -> {
                    if (FailureKind.of(failure) == FailureKind.INFRASTRUCTURE) {
                        outages.waiting(FailureKind.dependency(failure), failure);
                    }
                })
                .onFailure(failure -> FailureKind.of(failure) == FailureKind.INFRASTRUCTURE).retry()
                .withBackOff(config.initialBackoff(), config.maxBackoff()).withJitter(0.2).indefinitely()
                .invoke(outages::recovered);
    }

    private static Uni<Void> ack(Message<?> message) {
        return Uni.createFrom().completionStage(message::ack);
    }

    private static Map<String, String> headers(Headers headers) {
        Map<String, String> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Header header : headers) {
            values.put(header.key(), BinaryMode.utf8(header.value()));
        }
        // W3C trace context as a plain header counts as the traceparent extension
        if (!values.containsKey("ce_" + CloudEventEnvelope.TRACEPARENT) && values.containsKey(CloudEventEnvelope.TRACEPARENT)) {
            values.put("ce_" + CloudEventEnvelope.TRACEPARENT, values.get(CloudEventEnvelope.TRACEPARENT));
        }
        return values;
    }

    private static String describe(Throwable failure) {
        Throwable cause = FailureKind.unwrap(failure);
        if (cause instanceof com.fasterxml.jackson.core.JsonProcessingException json) {
            // Jackson's message without its source excerpt; a broken contract keeps its own words
            return cause.getCause() instanceof dev.tickcast.contracts.validation.EventValidationException invalid
                    ? invalid.getMessage()
                    : "malformed data: " + json.getOriginalMessage();
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
