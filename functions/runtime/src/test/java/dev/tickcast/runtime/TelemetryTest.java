package dev.tickcast.runtime;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.tickcast.contracts.EventTypes;
import dev.tickcast.contracts.cloudevents.BinaryMode;
import dev.tickcast.contracts.cloudevents.CloudEventEnvelope;
import dev.tickcast.contracts.cloudevents.EventIds;
import dev.tickcast.contracts.cloudevents.Topics;
import dev.tickcast.runtime.telemetry.TickcastMetric;
import dev.tickcast.runtime.testing.BrokerClient;
import dev.tickcast.runtime.testing.StackTestResource;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricExporter;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Traces and metrics of a delivered event on both bindings, read from in-memory exporters: the function's span is
 * a child of the event's traceparent, its reply carries the function's span as parent, and the RED metrics are
 * recorded under the names, units and attributes of {@link TickcastMetric}.
 */
@QuarkusTest
@WithTestResource(value = StackTestResource.class, scope = TestResourceScope.GLOBAL)
class TelemetryTest {
    static final String FUNCTION = "runtime-test";
    static final String SPAN_NAME = FUNCTION + " process " + EventTypes.TRADES;

    @Inject
    InMemorySpanExporter spans;

    @Inject
    InMemoryMetricExporter metrics;

    @Inject
    OpenTelemetry openTelemetry;

    @Test
    void overHttpTheFunctionSpanIsInTheEventsTraceAndTheReplyAChildOfIt() {
        String traceId = randomHex(32);
        String parentSpanId = randomHex(16);
        CloudEventEnvelope event = traced(BindingsTestSupport.tradesEvent(), traceId, parentSpanId);
        Map<String, Double> before = snapshot();

        Response http = given().headers(BinaryMode.HTTP.headers(event)).body(event.data()).post("/");

        assertThat(http.statusCode()).isEqualTo(200);
        SpanData span = awaitSpan(traceId);
        assertThat(span.getName()).isEqualTo(SPAN_NAME);
        assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
        await().atMost(30, TimeUnit.SECONDS).until(() -> finished(span.getParentSpanId()).isPresent());
        SpanData server = finished(span.getParentSpanId()).orElseThrow();
        assertThat(server.getKind()).as("Quarkus' server span").isEqualTo(SpanKind.SERVER);
        assertThat(server.getParentSpanId()).as("the server span continues the event's trace").isEqualTo(parentSpanId);
        assertThat(span.getAttributes().get(AttributeKey.stringKey("cloudevents.event_id"))).isEqualTo(event.id());
        assertThat(span.getAttributes().get(AttributeKey.stringKey("cloudevents.event_type"))).isEqualTo(EventTypes.TRADES);
        assertThat(span.getAttributes().get(AttributeKey.stringKey("pair"))).isEqualTo("BTC/USD");
        assertThat(http.header("ce-traceparent")).isEqualTo("00-" + traceId + "-" + span.getSpanId() + "-01");

        Map<String, Double> after = snapshot();
        assertThat(delta(before, after, "tickcast.events.received", "function", FUNCTION, "type", EventTypes.TRADES,
                "binding", "http")).isEqualTo(1);
        assertThat(delta(before, after, "tickcast.events.emitted", "function", FUNCTION, "type", EventTypes.CANDLE))
                .isEqualTo(1);
        assertThat(delta(before, after, "tickcast.event.duration#count", "function", FUNCTION, "type", EventTypes.TRADES,
                "binding", "http", "outcome", "success")).isEqualTo(1);
        // the fixture's event time is 2013-11-25T10:15:59Z: its lag is that far behind now
        double lag = delta(before, after, "tickcast.event.lag#sum", "function", FUNCTION, "type", EventTypes.TRADES);
        double expected = Duration.between(Instant.parse("2013-11-25T10:15:59Z"), Instant.now()).toSeconds();
        assertThat(lag).isBetween(expected - 120, expected + 1);
    }

    @Test
    void onKafkaTheBindingSpanIsAChildOfTheEventAndTheReplyAChildOfThatSpan() {
        String traceId = randomHex(32);
        String parentSpanId = randomHex(16);
        CloudEventEnvelope event = traced(BindingsTestSupport.tradesEvent(), traceId, parentSpanId);
        Map<String, Double> before = snapshot();

        try (BrokerClient broker = new BrokerClient()) {
            broker.publish(event);
            ConsumerRecord<String, byte[]> reply = broker.find(Topics.BROKER,
                    BrokerClient.header("ce_id", EventIds.reply(FUNCTION, event.id())), Duration.ofSeconds(30))
                    .orElseThrow(() -> new AssertionError("no reply to " + event.id()));

            SpanData span = awaitSpan(traceId);
            assertThat(span.getName()).isEqualTo(SPAN_NAME);
            assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
            assertThat(span.getParentSpanId()).isEqualTo(parentSpanId);
            assertThat(span.getAttributes().get(AttributeKey.stringKey("cloudevents.event_id"))).isEqualTo(event.id());
            assertThat(span.getAttributes().get(AttributeKey.stringKey("pair"))).isEqualTo("BTC/USD");
            assertThat(BrokerClient.headers(reply)).containsEntry("ce_traceparent",
                    "00-" + traceId + "-" + span.getSpanId() + "-01");
        }

        Map<String, Double> after = snapshot();
        assertThat(delta(before, after, "tickcast.events.received", "function", FUNCTION, "type", EventTypes.TRADES,
                "binding", "kafka")).isEqualTo(1);
        assertThat(delta(before, after, "tickcast.events.emitted", "function", FUNCTION, "type", EventTypes.CANDLE))
                .isEqualTo(1);
        assertThat(delta(before, after, "tickcast.event.duration#count", "function", FUNCTION, "type", EventTypes.TRADES,
                "binding", "kafka", "outcome", "success")).isEqualTo(1);
        assertThat(delta(before, after, "tickcast.event.lag#count", "function", FUNCTION, "type", EventTypes.TRADES))
                .isEqualTo(1);
    }

    @Test
    void eventsTheFunctionSendsThroughTheSinkContinueTheTraceOfItsSpan() throws Exception {
        String traceId = randomHex(32);
        CloudEventEnvelope news = CloudEventEnvelope.json("news-" + UUID.randomUUID(), "/test", EventTypes.NEWS, null,
                null, "00-" + traceId + "-" + randomHex(16) + "-01", dev.tickcast.contracts.json.Json.mapper()
                        .writeValueAsBytes(new dev.tickcast.contracts.news.NewsItem("n-3", "test", "https://example.org/c",
                                "BTC steady", null, Instant.parse("2026-11-21T10:00:00Z"), List.of("BTC"))));
        try (BrokerClient broker = new BrokerClient()) {
            broker.publish(news);
            ConsumerRecord<String, byte[]> out = broker.find(Topics.BROKER,
                    BrokerClient.header("ce_id", EventIds.derive("fan-out", news.id(), "BTC")), Duration.ofSeconds(30))
                    .orElseThrow(() -> new AssertionError("no sentiment event of " + news.id()));
            SpanData span = awaitSpan(traceId);
            assertThat(BrokerClient.headers(out)).containsEntry("ce_traceparent",
                    "00-" + traceId + "-" + span.getSpanId() + "-01");
        }
    }

    @Test
    void failedAttemptsAndDeadLettersAreCountedAndTheSpanMarkedAsAnError() {
        String traceId = randomHex(32);
        CloudEventEnvelope event = traced(BindingsTestSupport.tradesEvent(BindingsTestSupport.batchFrom("fail-always")),
                traceId, randomHex(16));
        Map<String, Double> before = snapshot();
        try (BrokerClient broker = new BrokerClient()) {
            broker.publish(event);
            assertThat(broker.find(Topics.DEAD_LETTER, BrokerClient.header("ce_id", event.id()), Duration.ofSeconds(30)))
                    .isPresent();
        }
        SpanData span = awaitSpan(traceId);
        assertThat(span.getStatus().getStatusCode()).isEqualTo(io.opentelemetry.api.trace.StatusCode.ERROR);

        Map<String, Double> after = snapshot();
        assertThat(delta(before, after, "tickcast.events.failed", "function", FUNCTION, "type", EventTypes.TRADES,
                "binding", "kafka", "error", "IllegalStateException")).isEqualTo(3); // max-attempts=3 in tests
        assertThat(delta(before, after, "tickcast.events.dead_lettered", "function", FUNCTION, "type", EventTypes.TRADES,
                "reason", "retries_exhausted")).isEqualTo(1);
        assertThat(delta(before, after, "tickcast.event.duration#count", "function", FUNCTION, "type", EventTypes.TRADES,
                "binding", "kafka", "outcome", "dead_letter")).isEqualTo(1);
    }

    @Test
    void everyExportedTickcastMetricHasTheNameKindUnitAndAttributesOfTheEnum() {
        failedAttemptsAndDeadLettersAreCountedAndTheSpanMarkedAsAnError(); // so that every runtime metric has data
        overHttpTheFunctionSpanIsInTheEventsTraceAndTheReplyAChildOfIt();
        List<MetricData> exported = collect().stream()
                .filter(m -> m.getInstrumentationScopeInfo().getName().equals("dev.tickcast")).toList();

        assertThat(exported).extracting(MetricData::getName).contains("tickcast.events.received",
                "tickcast.events.emitted", "tickcast.events.failed", "tickcast.events.dead_lettered",
                "tickcast.event.duration", "tickcast.event.lag");
        for (MetricData data : exported) {
            TickcastMetric metric = List.of(TickcastMetric.values()).stream()
                    .filter(m -> m.otelName().equals(data.getName())).findFirst()
                    .orElseThrow(() -> new AssertionError(data.getName() + " is not in TickcastMetric"));
            assertThat(data.getUnit()).as(data.getName()).isEqualTo(metric.unit());
            assertThat(data.getDescription()).as(data.getName()).isEqualTo(metric.description());
            assertThat(kind(data)).as(data.getName()).isEqualTo(metric.kind());
            data.getData().getPoints().forEach(point -> assertThat(point.getAttributes().asMap().keySet())
                    .extracting(AttributeKey::getKey).as(data.getName()).containsExactlyInAnyOrderElementsOf(metric.attributes()));
        }
    }

    private static TickcastMetric.Kind kind(MetricData data) {
        return switch (data.getType()) {
            case LONG_SUM -> data.getLongSumData().isMonotonic() ? TickcastMetric.Kind.COUNTER : null;
            case DOUBLE_SUM -> data.getDoubleSumData().isMonotonic() ? TickcastMetric.Kind.COUNTER : null;
            case HISTOGRAM -> TickcastMetric.Kind.HISTOGRAM;
            case LONG_GAUGE, DOUBLE_GAUGE -> TickcastMetric.Kind.GAUGE;
            default -> null;
        };
    }

    /** The function's span in the trace (the only span of this app whose name says it processes an event). */
    private SpanData awaitSpan(String traceId) {
        await().atMost(30, TimeUnit.SECONDS).until(() -> spanOf(traceId).isPresent());
        return spanOf(traceId).orElseThrow();
    }

    private Optional<SpanData> spanOf(String traceId) {
        ((OpenTelemetrySdk) openTelemetry).getSdkTracerProvider().forceFlush().join(10, TimeUnit.SECONDS);
        List<SpanData> inTrace = spans.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId)).toList();
        return inTrace.stream().filter(s -> s.getName().startsWith(FUNCTION + " process ")).findFirst();
    }

    private Optional<SpanData> finished(String spanId) {
        ((OpenTelemetrySdk) openTelemetry).getSdkTracerProvider().forceFlush().join(10, TimeUnit.SECONDS);
        return spans.getFinishedSpanItems().stream().filter(s -> s.getSpanId().equals(spanId)).findFirst();
    }

    private List<MetricData> collect() {
        metrics.reset();
        ((OpenTelemetrySdk) openTelemetry).getSdkMeterProvider().forceFlush().join(10, TimeUnit.SECONDS);
        return List.copyOf(metrics.getFinishedMetricItems());
    }

    /** Every point as "name{attributes}" → value; histograms as name#count and name#sum. Cumulative. */
    private Map<String, Double> snapshot() {
        Map<String, Double> values = new HashMap<>();
        for (MetricData data : collect()) {
            if (data.getType() == MetricDataType.LONG_SUM) {
                for (LongPointData p : data.getLongSumData().getPoints()) {
                    values.put(data.getName() + key(p.getAttributes()), (double) p.getValue());
                }
            } else if (data.getType() == MetricDataType.HISTOGRAM) {
                for (HistogramPointData p : data.getHistogramData().getPoints()) {
                    values.put(data.getName() + "#count" + key(p.getAttributes()), (double) p.getCount());
                    values.put(data.getName() + "#sum" + key(p.getAttributes()), p.getSum());
                }
            }
        }
        return values;
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String name, String... attributes) {
        io.opentelemetry.api.common.AttributesBuilder builder = Attributes.builder();
        for (int i = 0; i < attributes.length; i += 2) {
            builder.put(attributes[i], attributes[i + 1]);
        }
        String key = name + key(builder.build());
        return after.getOrDefault(key, 0.0) - before.getOrDefault(key, 0.0);
    }

    private static String key(Attributes attributes) {
        java.util.TreeMap<String, Object> sorted = new java.util.TreeMap<>();
        attributes.forEach((k, v) -> sorted.put(k.getKey(), v));
        return sorted.toString();
    }

    private static CloudEventEnvelope traced(CloudEventEnvelope event, String traceId, String spanId) {
        Map<String, String> extensions = new HashMap<>(event.extensions());
        extensions.put(CloudEventEnvelope.TRACEPARENT, "00-" + traceId + "-" + spanId + "-01");
        return new CloudEventEnvelope(event.id(), event.source(), event.type(), event.specVersion(), event.subject(),
                event.time() == null ? OffsetDateTime.now() : event.time(), event.dataContentType(), extensions, event.data());
    }

    private static String randomHex(int length) {
        String hex = UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
        return hex.substring(0, length);
    }
}
