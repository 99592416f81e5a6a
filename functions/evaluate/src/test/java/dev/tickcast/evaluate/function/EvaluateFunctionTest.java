package dev.tickcast.evaluate.function;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tickcast.contracts.EventTypes;
import dev.tickcast.contracts.cloudevents.BinaryMode;
import dev.tickcast.contracts.cloudevents.CloudEventEnvelope;
import dev.tickcast.contracts.cloudevents.EventIds;
import dev.tickcast.contracts.json.Json;
import dev.tickcast.contracts.market.Candle;
import dev.tickcast.contracts.model.Evaluation;
import dev.tickcast.contracts.model.Prediction;
import dev.tickcast.featurestore.FeatureDrift;
import dev.tickcast.registry.ModelRegistry;
import dev.tickcast.runtime.testing.BrokerClient;
import dev.tickcast.runtime.testing.StackTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * evaluate against the real stack. The predictions and candles it reads are seeded as predict and aggregate
 * store them; the events are what those functions emit.
 */
@QuarkusTest
@WithTestResource(value = StackTestResource.class, scope = TestResourceScope.GLOBAL)
class EvaluateFunctionTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final Instant T0 = Instant.parse("2013-11-25T10:00:00Z");
    static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Inject
    Pool pool;

    @Inject
    ModelRegistry registry;

    @Test
    void aCandleClosingATargetMinuteScoresThePredictionAimedAtIt() throws Exception {
        Prediction p = prediction("E1/USD", T0, "800.00", "801.50");
        storePrediction(p);
        Candle target = candle("E1/USD", p.targetTime(), "801.00", 0);
        storeCandle(target);
        CloudEventEnvelope event = event(EventTypes.CANDLE, target.pair(), target.end(), target);

        Response reply = post(event);

        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.header("ce-type")).isEqualTo(EventTypes.EVALUATION);
        assertThat(reply.header("ce-id")).isEqualTo(EventIds.reply("evaluate", event.id()));
        assertThat(reply.header("ce-partitionkey")).isEqualTo("E1/USD");
        // the reply continues the event's trace (its parent is evaluate's span when tracing is on)
        assertThat(reply.header("ce-traceparent")).startsWith(TRACEPARENT.substring(0, 36));
        assertThat(OffsetDateTime.parse(reply.header("ce-time")).toInstant()).isEqualTo(p.targetTime());
        Evaluation e = Json.mapper().readValue(reply.body().asByteArray(), Evaluation.class);
        assertThat(e.absoluteError()).isEqualByComparingTo("0.50");
        assertThat(e.persistenceAbsoluteError()).isEqualByComparingTo("1.00");
        assertThat(e.actualPrice()).isEqualByComparingTo("801.00");
        assertThat(e.directionHit()).isTrue();
        Row rolling = rolling("E1/USD", "v1");
        assertThat(rolling.getInteger("evaluations")).isEqualTo(1);
        assertThat(rolling.getBigDecimal("mae")).isEqualByComparingTo("0.50");
        assertThat(rolling.getDouble("skill")).isEqualTo(0.5);
    }

    @Test
    void aCandleBeforeAnyPredictionIsAnsweredWithNothing() {
        Candle lonely = candle("E2/USD", T0.plusSeconds(600), "800.00", 0);
        assertThat(post(event(EventTypes.CANDLE, lonely.pair(), lonely.end(), lonely)).statusCode()).isEqualTo(204);
        assertThat(count("SELECT count(*) AS n FROM evaluations WHERE pair = $1", "E2/USD")).isZero();
    }

    @Test
    void aPredictionThatArrivesAfterItsCandleIsScoredByThePredictionAndTheCandleEmitsNothingMore() throws Exception {
        Prediction p = prediction("E3/USD", T0, "800.00", "799.00");
        Candle target = candle("E3/USD", p.targetTime(), "800.40", 0);
        storeCandle(target);
        assertThat(post(event(EventTypes.CANDLE, target.pair(), target.end(), target)).statusCode()).isEqualTo(204);

        storePrediction(p);
        Response reply = post(event(EventTypes.PREDICTION, p.pair(), p.featuresTime(), p));
        assertThat(reply.statusCode()).isEqualTo(200);
        Evaluation e = Json.mapper().readValue(reply.body().asByteArray(), Evaluation.class);
        assertThat(e.absoluteError()).isEqualByComparingTo("1.40");
        assertThat(e.directionHit()).isFalse();

        // the candle again (a redelivery, or its revision): evaluated already, by another event
        assertThat(post(event(EventTypes.CANDLE, target.pair(), target.end(), target)).statusCode()).isEqualTo(204);
        assertThat(post(event(EventTypes.CANDLE, target.pair(), target.end(), candle("E3/USD", p.targetTime(), "805.00", 1)))
                .statusCode()).isEqualTo(204);
        assertThat(count("SELECT count(*) AS n FROM evaluations WHERE pair = $1", "E3/USD")).isEqualTo(1);
        assertThat(rolling("E3/USD", "v1").getInteger("evaluations")).isEqualTo(1);
    }

    @Test
    void aRedeliveredEventGetsTheSameReplyAndCountsOnce() {
        Prediction p = prediction("E4/USD", T0, "800.00", "800.30");
        storePrediction(p);
        Candle target = candle("E4/USD", p.targetTime(), "800.10", 0);
        storeCandle(target);
        CloudEventEnvelope event = event(EventTypes.CANDLE, target.pair(), target.end(), target);

        Response first = post(event);
        Response again = post(event);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.header("ce-id")).isEqualTo(first.header("ce-id"));
        assertThat(again.body().asByteArray()).isEqualTo(first.body().asByteArray());
        assertThat(count("SELECT count(*) AS n FROM evaluations WHERE pair = $1", "E4/USD")).isEqualTo(1);
        assertThat(rolling("E4/USD", "v1").getInteger("evaluations")).isEqualTo(1);
    }

    /**
     * 90 minutes of predictions and candles on the Kafka binding, in the order a live pipeline produces them (each
     * minute's candle, then the prediction made from it), some predictions late. Every evaluation the function
     * stored equals an independent recomputation from the stored predictions and candles, and the rolling quality
     * equals one recomputed over the last 60.
     */
    @Test
    void onKafkaEveryEvaluationEqualsAnIndependentRecomputationFromStoredPredictionsAndCandles() {
        String pair = "E5/USD";
        Random random = new Random(5);
        BigDecimal close = new BigDecimal("800.00");
        List<CloudEventEnvelope> events = new ArrayList<>();
        List<CloudEventEnvelope> late = new ArrayList<>();
        for (int minute = 0; minute < 90; minute++) {
            Instant end = T0.plusSeconds(60L * (minute + 1));
            close = close.add(BigDecimal.valueOf(random.nextInt(201) - 100, 2)).max(BigDecimal.ONE);
            Candle c = candle(pair, end, close.toPlainString(), 0);
            storeCandle(c);
            events.add(event(EventTypes.CANDLE, pair, end, c));
            if (minute < 85) {
                BigDecimal predicted = close.add(BigDecimal.valueOf(random.nextInt(161) - 80, 2));
                Prediction p = prediction(pair, end, close.toPlainString(), predicted.toPlainString());
                storePrediction(p);
                // a tenth of the predictions only arrive after their target candle
                (minute % 10 == 3 ? late : events).add(event(EventTypes.PREDICTION, pair, end, p));
            }
        }
        events.addAll(late);
        try (BrokerClient broker = new BrokerClient()) {
            events.forEach(broker::publish);
        }
        await().atMost(Duration.ofSeconds(60))
                .until(() -> count("SELECT count(*) AS n FROM evaluations WHERE pair = $1", pair) == 85);

        List<Row> mismatches = rows("""
                SELECT p.features_time FROM predictions p
                JOIN candles c ON c.pair = p.pair AND c.end_time = p.target_time
                JOIN evaluations e ON e.pair = p.pair AND e.features_time = p.features_time
                WHERE p.pair = $1 AND NOT (
                    e.target_time = p.target_time AND e.model_version = p.model_version
                    AND e.base_price = p.base_price AND e.predicted_price = p.predicted_price
                    AND e.actual_price = c.close
                    AND e.absolute_error = abs(c.close - p.predicted_price)
                    AND e.persistence_absolute_error = abs(c.close - p.base_price)
                    AND abs(e.percentage_error - 100 * abs(c.close - p.predicted_price) / c.close) < 1e-9
                    AND e.direction_hit = (sign(p.predicted_price - p.base_price) = sign(c.close - p.base_price)))""", pair);
        assertThat(mismatches).isEmpty();

        // rolling quality over the last 60, recomputed here from the stored rows
        List<Row> last = rows("""
                SELECT p.predicted_price, p.base_price, c.close FROM predictions p
                JOIN candles c ON c.pair = p.pair AND c.end_time = p.target_time
                WHERE p.pair = $1 ORDER BY p.target_time DESC LIMIT 60""", pair);
        BigDecimal errors = BigDecimal.ZERO;
        BigDecimal persistence = BigDecimal.ZERO;
        int hits = 0;
        int up = 0;
        int down = 0;
        for (Row r : last) {
            BigDecimal actual = r.getBigDecimal("close");
            errors = errors.add(actual.subtract(r.getBigDecimal("predicted_price")).abs());
            persistence = persistence.add(actual.subtract(r.getBigDecimal("base_price")).abs());
            hits += r.getBigDecimal("predicted_price").compareTo(r.getBigDecimal("base_price"))
                    == actual.compareTo(r.getBigDecimal("base_price")) ? 1 : 0;
            up += actual.compareTo(r.getBigDecimal("base_price")) > 0 ? 1 : 0;
            down += actual.compareTo(r.getBigDecimal("base_price")) < 0 ? 1 : 0;
        }
        BigDecimal mae = errors.divide(BigDecimal.valueOf(60), 20, RoundingMode.HALF_EVEN);
        BigDecimal persistenceMae = persistence.divide(BigDecimal.valueOf(60), 20, RoundingMode.HALF_EVEN);
        Row rolling = rolling(pair, "v1");
        assertThat(rolling.getInteger("evaluations")).isEqualTo(60);
        assertThat(rolling.getBigDecimal("mae").setScale(12, RoundingMode.HALF_EVEN))
                .isEqualByComparingTo(mae.setScale(12, RoundingMode.HALF_EVEN));
        assertThat(rolling.getDouble("skill")).isCloseTo(
                1 - mae.divide(persistenceMae, MathContext.DECIMAL64).doubleValue(), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(rolling.getDouble("direction_accuracy")).isCloseTo(hits / 60.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(up).isNotEqualTo(down); // the majority direction is not a tie here: the base rate picks one
        assertThat(rolling.getDouble("direction_base_rate"))
                .isCloseTo(Math.max(up, down) / 60.0, org.assertj.core.data.Offset.offset(1e-12));
    }

    /**
     * The candle that closes an hour measures the hour's drift: one PSI per key feature of the non-warm-up rows of
     * (11:00, 12:00] against the training bins in the metadata.json of the model that predicted last in the hour,
     * equal to a recomputation; stored once.
     */
    @Test
    void anHourClosingCandleStoresThePsiOfTheHoursFeaturesAgainstTheModelsTrainingDistribution() throws Exception {
        String pair = "E6/USD";
        Random random = new Random(6);
        double[] trainingReturns = new double[5000];
        for (int i = 0; i < trainingReturns.length; i++) {
            trainingReturns[i] = random.nextGaussian() * 0.001;
        }
        double[] trainingRsi = random.doubles(5000, 0, 100).toArray();
        FeatureDrift.Bins returnBins = FeatureDrift.fit(trainingReturns).orElseThrow();
        FeatureDrift.Bins rsiBins = FeatureDrift.fit(trainingRsi).orElseThrow();
        ObjectNode metadata = Json.mapper().createObjectNode();
        ObjectNode distribution = metadata.putObject("features").putObject("distribution");
        distribution.set("log_return_1", returnBins.toJson());
        distribution.set("rsi_14", rsiBins.toJson());
        registry.writeVersion(pair, "drift-v1", "{}".getBytes(), "<html></html>".getBytes(), metadata);

        Instant hourEnd = Instant.parse("2013-11-25T12:00:00Z");
        double[] hourReturns = new double[60];
        double[] hourRsi = new double[60];
        for (int i = 0; i < 60; i++) {
            hourReturns[i] = 0.002 + random.nextGaussian() * 0.001; // shifted by two training sigmas
            hourRsi[i] = random.nextDouble() * 100;
            storeFeatures(pair, hourEnd.minusSeconds(60L * i), false, hourReturns[i], hourRsi[i]);
        }
        // neither a warm-up row in the hour nor the previous hour's last row counts
        storeFeatures(pair, hourEnd.minusSeconds(1800 - 1), true, 1.0, 1000);
        storeFeatures(pair, hourEnd.minusSeconds(3600), false, 1.0, 1000);
        storePrediction(prediction(pair, hourEnd.minusSeconds(600), "800.00", "800.10"));
        storePrediction(new Prediction(pair, hourEnd.minusSeconds(60), hourEnd.plusSeconds(240), 5,
                new BigDecimal("800"), new BigDecimal("800"), 0, "drift-v1"));

        Candle closing = candle(pair, hourEnd, "800.00", 0);
        assertThat(post(event(EventTypes.CANDLE, pair, hourEnd, closing)).statusCode()).isIn(200, 204);
        assertThat(post(event(EventTypes.CANDLE, pair, hourEnd, closing)).statusCode()).isIn(200, 204);
        Candle next = candle(pair, hourEnd.plusSeconds(60), "800.00", 0);
        assertThat(post(event(EventTypes.CANDLE, pair, next.end(), next)).statusCode()).isIn(200, 204);

        List<Row> drift = rows("SELECT feature, rows, psi, model_version, hour FROM feature_drift WHERE pair = $1 "
                + "ORDER BY feature", pair);
        assertThat(drift).hasSize(2);
        assertThat(drift.get(0).getString("feature")).isEqualTo("log_return_1");
        assertThat(drift.get(0).getInteger("rows")).isEqualTo(60);
        assertThat(drift.get(0).getDouble("psi")).isEqualTo(FeatureDrift.psi(returnBins, hourReturns)).isGreaterThan(0.25);
        assertThat(drift.get(1).getString("feature")).isEqualTo("rsi_14");
        assertThat(drift.get(1).getDouble("psi")).isEqualTo(FeatureDrift.psi(rsiBins, hourRsi)).isLessThan(0.25);
        assertThat(drift).allSatisfy(r -> {
            assertThat(r.getString("model_version")).isEqualTo("drift-v1");
            assertThat(r.getOffsetDateTime("hour").toInstant()).isEqualTo(hourEnd.minusSeconds(3600));
        });
    }

    /** When the replay runs ahead of predict, the prediction of the hour's last row measures the hour instead. */
    @Test
    void thePredictionOfAnHoursLastRowMeasuresTheHourWhenItsCandleCameFirst() throws Exception {
        String pair = "E7/USD";
        Random random = new Random(7);
        double[] training = random.doubles(2000, 0, 100).toArray();
        FeatureDrift.Bins bins = FeatureDrift.fit(training).orElseThrow();
        ObjectNode metadata = Json.mapper().createObjectNode();
        metadata.putObject("features").putObject("distribution").set("rsi_14", bins.toJson());
        registry.writeVersion(pair, "drift-v2", "{}".getBytes(), "<html></html>".getBytes(), metadata);
        Instant hourEnd = Instant.parse("2013-11-25T12:00:00Z");
        double[] hour = new double[60];
        for (int i = 0; i < 60; i++) {
            hour[i] = 80 + random.nextDouble() * 20; // overbought all hour
            storeFeatures(pair, hourEnd.minusSeconds(60L * i), false, 0.0, hour[i]);
        }
        Candle closing = candle(pair, hourEnd, "800.00", 0);
        assertThat(post(event(EventTypes.CANDLE, pair, hourEnd, closing)).statusCode()).isEqualTo(204);
        assertThat(count("SELECT count(*) AS n FROM feature_drift WHERE pair = $1", pair)).isZero();

        Prediction last = new Prediction(pair, hourEnd, hourEnd.plusSeconds(300), 5, new BigDecimal("800"),
                new BigDecimal("801"), Math.log(801.0 / 800), "drift-v2");
        storePrediction(last);
        post(event(EventTypes.PREDICTION, pair, hourEnd, last));
        post(event(EventTypes.PREDICTION, pair, hourEnd, last));

        List<Row> drift = rows("SELECT feature, psi FROM feature_drift WHERE pair = $1 AND model_version = 'drift-v2'", pair);
        assertThat(drift).hasSize(1); // only rsi_14 has training bins in this model
        assertThat(drift.get(0).getDouble("psi")).isEqualTo(FeatureDrift.psi(bins, hour)).isGreaterThan(0.25);
    }

    private void storeFeatures(String pair, Instant time, boolean warmup, double logReturn, double rsi) {
        pool.preparedQuery("INSERT INTO features (pair, time, close, feature_set, warmup, candle_revision, "
                + "feature_values) VALUES ($1, $2, 800, 'market-v1', $3, 0, $4)")
                .execute(Tuple.of(pair, utc(time), warmup, new io.vertx.core.json.JsonObject()
                        .put("log_return_1", logReturn).put("rsi_14", rsi).put("sma_7", 800)))
                .await().atMost(WAIT);
    }

    static Prediction prediction(String pair, Instant featuresTime, String base, String predicted) {
        return new Prediction(pair, featuresTime, featuresTime.plusSeconds(300), 5, new BigDecimal(base),
                new BigDecimal(predicted), Math.log(Double.parseDouble(predicted) / Double.parseDouble(base)), "v1");
    }

    static Candle candle(String pair, Instant end, String close, int revision) {
        BigDecimal c = new BigDecimal(close);
        return new Candle(pair, end.minusSeconds(60), end, c, c, c, c, BigDecimal.ONE, c, 1, false, revision);
    }

    static CloudEventEnvelope event(String type, String pair, Instant time, Object data) {
        try {
            return CloudEventEnvelope.json(UUID.randomUUID().toString(), "/test", type, pair,
                    OffsetDateTime.ofInstant(time, ZoneOffset.UTC), TRACEPARENT, Json.mapper().writeValueAsBytes(data));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Response post(CloudEventEnvelope event) {
        return given().headers(BinaryMode.HTTP.headers(event)).body(event.data()).post("/");
    }

    private void storePrediction(Prediction p) {
        pool.preparedQuery("""
                INSERT INTO predictions (pair, features_time, target_time, horizon_minutes, base_price, predicted_price,
                                         predicted_log_return, model_version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""")
                .execute(Tuple.from(new Object[] { p.pair(), utc(p.featuresTime()), utc(p.targetTime()), p.horizonMinutes(),
                        p.basePrice(), p.predictedPrice(), p.predictedLogReturn(), p.modelVersion() }))
                .await().atMost(WAIT);
    }

    private void storeCandle(Candle c) {
        pool.preparedQuery("""
                INSERT INTO candles (pair, start_time, end_time, open, high, low, close, volume, vwap, trade_count,
                                     carried_forward, revision, published) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, true)""")
                .execute(Tuple.from(new Object[] { c.pair(), utc(c.start()), utc(c.end()), c.open(), c.high(), c.low(),
                        c.close(), c.volume(), c.vwap(), c.tradeCount(), c.carriedForward(), c.revision() }))
                .await().atMost(WAIT);
    }

    private Row rolling(String pair, String model) {
        return rows("SELECT * FROM evaluation_rolling WHERE pair = $1 AND model_version = $2", pair, model).get(0);
    }

    private long count(String sql, Object... parameters) {
        return rows(sql, parameters).get(0).getLong("n");
    }

    private List<Row> rows(String sql, Object... parameters) {
        List<Row> rows = new ArrayList<>();
        pool.preparedQuery(sql).execute(Tuple.from(parameters)).await().atMost(WAIT).forEach(rows::add);
        return rows;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
