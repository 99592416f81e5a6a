package dev.tickcast.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * End to end on the embedded stack with the packaged functions: real trades replayed → candles → features → a
 * model trained and promoted → predictions visible through REST and arriving on the WebSocket.
 */
class EndToEndIT {
    static final Path ROOT = Path.of(System.getProperty("tickcast.root", "..")).toAbsolutePath().normalize();

    static Pipeline pipeline;
    static Scenario scenario;
    static String champion;
    static Pipeline.StreamClient stream;

    @BeforeAll
    static void runTheStory() throws Exception {
        scenario = new Scenario();
        pipeline = Pipeline.start(ROOT, List.of("api", "aggregate", "featurize", "predict"));
        champion = scenario.trainAndPromote(pipeline, ROOT.resolve("e2e/target/e2e-logs"), System.out::println);
        pipeline.await("the champion pointer", Duration.ofSeconds(30), () -> pipeline.champion().isPresent());

        stream = pipeline.stream(Pipeline.PAIR);
        // the api reads the topic from its end: replay only once the stream says it is reading
        pipeline.await("the stream's subscription", Duration.ofSeconds(30), () -> !stream.ofType("subscribed").isEmpty());
        pipeline.replay(scenario.servingTrades, 0);
        long servedRows = Scenario.closedMinutes(scenario.trainingTrades.get(0).time(),
                scenario.servingTrades.get(scenario.servingTrades.size() - 1).time())
                - Scenario.closedMinutes(scenario.trainingTrades.get(0).time(), scenario.trainingEnd);
        System.out.println("serving trades published; waiting for predictions of " + servedRows + " feature rows");
        pipeline.await(servedRows + " predictions", Duration.ofMinutes(5), () -> pipeline.count(
                "SELECT count(*) FROM predictions WHERE pair = ? AND features_time >= ?", Pipeline.PAIR,
                Timestamp.from(scenario.trainingEnd)) >= servedRows);
        pipeline.await("the WebSocket to catch up", Duration.ofMinutes(1),
                () -> stream.ofType("dev.tickcast.prediction.v1").size() >= servedRows);
    }

    @AfterAll
    static void stop() {
        if (stream != null) {
            stream.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void everyFeatureRowAfterThePromotionIsPredictedOnceByTheChampion() {
        Timestamp after = Timestamp.from(scenario.trainingEnd);
        long features = pipeline.count("SELECT count(*) FROM features WHERE pair = ? AND time >= ?", Pipeline.PAIR, after);
        long predictions = pipeline.count("SELECT count(*) FROM predictions WHERE pair = ? AND features_time >= ?",
                Pipeline.PAIR, after);
        long byChampion = pipeline.count("SELECT count(*) FROM predictions WHERE pair = ? AND features_time >= ? "
                + "AND model_version = ?", Pipeline.PAIR, after, champion);
        assertThat(features).isGreaterThan(100);
        assertThat(predictions).isEqualTo(features);
        assertThat(byChampion).isEqualTo(predictions);
        // the prediction is the base close moved by the predicted log return, at t + 5 minutes
        for (Map<String, Object> row : pipeline.rows("SELECT p.base_price, p.predicted_price, p.predicted_log_return, "
                + "p.features_time, p.target_time, f.close FROM predictions p JOIN features f "
                + "ON f.pair = p.pair AND f.time = p.features_time WHERE p.pair = ? AND p.features_time >= ?",
                Pipeline.PAIR, after)) {
            assertThat((BigDecimal) row.get("base_price")).isEqualByComparingTo((BigDecimal) row.get("close"));
            double expected = ((BigDecimal) row.get("base_price")).doubleValue()
                    * Math.exp((Double) row.get("predicted_log_return"));
            assertThat(((BigDecimal) row.get("predicted_price")).doubleValue()).isCloseTo(expected,
                    org.assertj.core.data.Offset.offset(expected * 1e-9));
            assertThat(((Timestamp) row.get("target_time")).toInstant())
                    .isEqualTo(((Timestamp) row.get("features_time")).toInstant().plus(Duration.ofMinutes(5)));
        }
    }

    @Test
    void theLatestPredictionAndTheRangeAreServedOverRest() {
        HttpResponse<String> latest = pipeline.api("GET", "/api/v1/predictions/BTC-USD/latest", null, false);
        assertThat(latest.statusCode()).as(latest.body()).isEqualTo(200);
        JsonNode body = Pipeline.json(latest.body());
        Instant newest = ((Timestamp) pipeline.rows("SELECT max(features_time) AS t FROM predictions WHERE pair = ?",
                Pipeline.PAIR).get(0).get("t")).toInstant();
        assertThat(Instant.parse(body.path("featuresTime").asText())).isEqualTo(newest);
        assertThat(body.path("modelVersion").asText()).isEqualTo(champion);
        assertThat(body.path("pair").asText()).isEqualTo(Pipeline.PAIR);

        HttpResponse<String> range = pipeline.api("GET", "/api/v1/predictions/BTC-USD?from=" + scenario.trainingEnd
                + "&to=" + scenario.servingEnd.plus(Duration.ofMinutes(10)) + "&limit=1000", null, false);
        assertThat(range.statusCode()).as(range.body()).isEqualTo(200);
        JsonNode list = Pipeline.json(range.body());
        Set<String> served = new TreeSet<>();
        list.forEach(p -> served.add(p.path("featuresTime").asText()));
        assertThat(served).isEqualTo(storedFeaturesTimes());
    }

    @Test
    void everyPredictionAndItsSignalArrivedOnTheWebSocket() {
        List<JsonNode> predictions = stream.ofType("dev.tickcast.prediction.v1");
        Set<String> streamed = predictions.stream().map(m -> Instant.parse(m.path("data").path("featuresTime").asText()).toString())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(streamed).isEqualTo(storedFeaturesTimes());
        assertThat(predictions).allSatisfy(m -> {
            assertThat(m.path("data").path("pair").asText()).isEqualTo(Pipeline.PAIR);
            assertThat(m.path("data").path("modelVersion").asText()).isEqualTo(champion);
        });
        // the stream carries what is stored, digit for digit
        Map<String, BigDecimal> stored = pipeline.rows("SELECT features_time, predicted_price FROM predictions "
                + "WHERE pair = ? AND features_time >= ?", Pipeline.PAIR, Timestamp.from(scenario.trainingEnd)).stream()
                .collect(Collectors.toMap(r -> ((Timestamp) r.get("features_time")).toInstant().toString(),
                        r -> (BigDecimal) r.get("predicted_price")));
        for (JsonNode m : predictions) {
            String t = Instant.parse(m.path("data").path("featuresTime").asText()).toString();
            assertThat(new BigDecimal(m.path("data").path("predictedPrice").asText()))
                    .isEqualByComparingTo(stored.get(t).round(MathContext.UNLIMITED));
        }
        Set<String> signals = stream.ofType("dev.tickcast.signal.v1").stream()
                .map(m -> Instant.parse(m.path("data").path("time").asText()).toString())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(signals).isEqualTo(storedFeaturesTimes());
    }

    @Test
    void adminActionsNeedTheToken() {
        HttpResponse<String> anonymous = pipeline.api("POST", "/api/v1/admin/models/BTC-USD/promote",
                "{\"version\":\"" + champion + "\"}", false);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(pipeline.champion()).contains(champion);
    }

    private static Set<String> storedFeaturesTimes() {
        return pipeline.rows("SELECT features_time FROM predictions WHERE pair = ? AND features_time >= ?",
                Pipeline.PAIR, Timestamp.from(scenario.trainingEnd)).stream()
                .map(r -> ((Timestamp) r.get("features_time")).toInstant().toString())
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
