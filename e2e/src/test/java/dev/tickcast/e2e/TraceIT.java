package dev.tickcast.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tickcast.marketdata.kraken.MockKrakenServer;
import dev.tickcast.runtime.telemetry.TickcastMetric;

/**
 * One trace from a live trades batch to the evaluation of the prediction it led to. The packaged functions export
 * their spans over OTLP/HTTP to a receiver in this JVM; ingest streams "live" trades from a local server speaking
 * Kraken's WebSocket v2 and REST formats. After a model is trained and promoted on the real Bitstamp week (so
 * that the live rows are past the warm-up and have a champion), the live trades continue the week's time line;
 * each of their batches starts a trace at ingest, and the trace grows through aggregate (candle.v1), featurize
 * (features.v1), predict (prediction.v1) and evaluate.
 */
class TraceIT {
    static final Path ROOT = EndToEndIT.ROOT;
    static final List<String> FIVE = List.of("ingest", "aggregate", "featurize", "predict", "evaluate");
    static final String EVALUATE_PREDICTION = "evaluate process dev.tickcast.prediction.v1";

    static OtlpReceiver receiver;
    static MockKrakenServer kraken;
    static Pipeline pipeline;
    static Scenario scenario;

    @BeforeAll
    static void runLiveTradesThroughTheModel() throws Exception {
        receiver = new OtlpReceiver();
        kraken = MockKrakenServer.start(Duration.ofMillis(200));
        kraken.restMinInterval(Duration.ZERO);
        scenario = new Scenario();
        pipeline = Pipeline.start(ROOT, List.of("api", "aggregate", "featurize", "predict", "evaluate", "ingest"), Map.of(
                "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint(),
                "QUARKUS_OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                "QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "200ms",
                "QUARKUS_OTEL_METRIC_EXPORT_INTERVAL", "1s",
                "TICKCAST_INGEST_LIVE", "true",
                "TICKCAST_INGEST_PAIRS", Pipeline.PAIR,
                "TICKCAST_INGEST_KRAKEN_WEBSOCKET_URL", kraken.wsUri().toString(),
                "TICKCAST_INGEST_KRAKEN_REST_URL", kraken.restUri().toString(),
                "TICKCAST_INGEST_KRAKEN_REST_INTERVAL", "10ms"));
        scenario.trainAndPromote(pipeline, ROOT.resolve("e2e/target/trace-logs"), System.out::println);
        pipeline.await("the champion pointer", Duration.ofSeconds(30), () -> pipeline.champion().isPresent());

        // ten minutes of live trades right after the replayed ones, a trade every 2 s
        kraken.trade(Pipeline.PAIR, 300, scenario.trainingEnd.plusSeconds(1), Duration.ofSeconds(2));
        Timestamp after = Timestamp.from(scenario.trainingEnd);
        pipeline.await("a trace through all five functions", Duration.ofMinutes(3),
                () -> pipeline.count("SELECT count(*) FROM predictions WHERE pair = ? AND features_time > ?",
                        Pipeline.PAIR, after) > 0 && traceThroughAllFive().isPresent());
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
        if (kraken != null) {
            kraken.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    /**
     * A trace id with spans of all five functions, evaluate's being the handling of a prediction (evaluate also
     * handles the candle.v1 of the same batch, which would put it in the trace before predict's work reached it).
     */
    static Optional<String> traceThroughAllFive() {
        Map<String, List<OtlpReceiver.ReceivedSpan>> byTrace = receiver.spans().stream()
                .collect(Collectors.groupingBy(OtlpReceiver.ReceivedSpan::traceId));
        return byTrace.entrySet().stream()
                .filter(e -> e.getValue().stream().map(OtlpReceiver.ReceivedSpan::service).collect(Collectors.toSet())
                        .containsAll(FIVE))
                .filter(e -> e.getValue().stream().anyMatch(s -> s.name().equals(EVALUATE_PREDICTION)))
                .map(Map.Entry::getKey).findFirst();
    }

    @Test
    void oneTraceLeadsFromALiveTradesBatchThroughEveryFunctionToEvaluate() {
        String traceId = traceThroughAllFive().orElseThrow();
        List<OtlpReceiver.ReceivedSpan> trace = receiver.spans().stream().filter(s -> s.traceId().equals(traceId)).toList();
        Set<String> ids = trace.stream().map(OtlpReceiver.ReceivedSpan::spanId).collect(Collectors.toSet());

        // the trace starts at ingest's producer span of a trades batch, and nowhere else
        List<OtlpReceiver.ReceivedSpan> roots = trace.stream().filter(s -> s.parentSpanId().isEmpty()).toList();
        assertThat(roots).singleElement().satisfies(root -> {
            assertThat(root.service()).isEqualTo("ingest");
            assertThat(root.name()).isEqualTo("ingest publish dev.tickcast.trades.v1");
        });
        // every other span hangs off a span of the same trace: one connected tree, nothing orphaned
        assertThat(trace).filteredOn(s -> !s.parentSpanId().isEmpty())
                .allSatisfy(s -> assertThat(ids).as("parent of %s", s).contains(s.parentSpanId()));
        // each function handled its event in it, and each handling descends from the previous function's
        assertThat(trace).extracting(OtlpReceiver.ReceivedSpan::name).contains(
                "aggregate process dev.tickcast.trades.v1",
                "featurize process dev.tickcast.candle.v1",
                "predict process dev.tickcast.features.v1",
                "evaluate process dev.tickcast.prediction.v1");
        assertDescends(trace, "evaluate process dev.tickcast.prediction.v1", "predict process dev.tickcast.features.v1");
        assertDescends(trace, "predict process dev.tickcast.features.v1", "featurize process dev.tickcast.candle.v1");
        assertDescends(trace, "featurize process dev.tickcast.candle.v1", "aggregate process dev.tickcast.trades.v1");
        assertDescends(trace, "aggregate process dev.tickcast.trades.v1", "ingest publish dev.tickcast.trades.v1");
    }

    @Test
    void everyMetricTheFunctionsExportIsATickcastMetricWithItsNameKindUnitAndAttributes() throws InterruptedException {
        // evaluations exist once a live prediction's target minute has closed; their gauges follow
        pipeline.await("the model quality gauges", Duration.ofMinutes(2), () -> receiver.metrics().stream()
                .anyMatch(m -> m.name().equals(TickcastMetric.MODEL_ROLLING_MAE.otelName())));
        List<OtlpReceiver.ReceivedMetric> ours = receiver.metrics().stream()
                .filter(m -> m.scope().equals("dev.tickcast")).toList();
        assertThat(ours).extracting(OtlpReceiver.ReceivedMetric::name).contains(
                TickcastMetric.EVENTS_RECEIVED.otelName(), TickcastMetric.EVENTS_EMITTED.otelName(),
                TickcastMetric.EVENT_DURATION.otelName(), TickcastMetric.EVENT_LAG.otelName(),
                TickcastMetric.EVALUATIONS.otelName(), TickcastMetric.PREDICTION_ABSOLUTE_ERROR.otelName(),
                TickcastMetric.MODEL_ROLLING_MAE.otelName(), TickcastMetric.MODEL_ROLLING_PERSISTENCE_MAE.otelName(),
                TickcastMetric.MODEL_DIRECTION_ACCURACY.otelName());
        assertThat(ours).extracting(OtlpReceiver.ReceivedMetric::service).contains("ingest", "aggregate", "featurize",
                "predict", "evaluate");
        for (OtlpReceiver.ReceivedMetric metric : ours) {
            TickcastMetric expected = java.util.Arrays.stream(TickcastMetric.values())
                    .filter(m -> m.otelName().equals(metric.name())).findFirst()
                    .orElseThrow(() -> new AssertionError(metric + " is not a TickcastMetric"));
            assertThat(metric.unit()).as(metric.toString()).isEqualTo(expected.unit());
            assertThat(metric.description()).as(metric.toString()).isEqualTo(expected.description());
            assertThat(metric.kind()).as(metric.toString()).isEqualTo(expected.kind().name().toLowerCase(java.util.Locale.ROOT));
            assertThat(expected.attributes()).as(metric.toString()).containsAll(metric.attributeKeys());
        }
    }

    @Test
    void theLiveTradesWereIngestedFromTheKrakenServer() {
        long stored = pipeline.count("SELECT count(*) FROM trades WHERE pair = ? AND traded_at >= ?", Pipeline.PAIR,
                Timestamp.from(scenario.trainingEnd));
        assertThat(stored).isEqualTo(300);
        assertThat(kraken.wsConnections()).isGreaterThanOrEqualTo(1);
    }

    /** The span named {@code child} has the span named {@code ancestor} among its ancestors in the trace. */
    private static void assertDescends(List<OtlpReceiver.ReceivedSpan> trace, String child, String ancestor) {
        Map<String, OtlpReceiver.ReceivedSpan> byId = trace.stream()
                .collect(Collectors.toMap(OtlpReceiver.ReceivedSpan::spanId, s -> s, (a, b) -> a));
        OtlpReceiver.ReceivedSpan span = trace.stream().filter(s -> s.name().equals(child)).findFirst().orElseThrow();
        for (OtlpReceiver.ReceivedSpan s = byId.get(span.parentSpanId()); s != null; s = byId.get(s.parentSpanId())) {
            if (s.name().equals(ancestor)) {
                return;
            }
        }
        throw new AssertionError(child + " does not descend from " + ancestor + " in " + trace);
    }
}
