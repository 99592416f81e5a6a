package dev.tickcast.predict.function;

import static dev.tickcast.predict.ModelFixtures.DEFAULT_NAMES;
import static dev.tickcast.predict.ModelFixtures.FEATURE_SET;
import static dev.tickcast.predict.ModelFixtures.DEFAULT_SWITCHED_AT;
import static dev.tickcast.predict.ModelFixtures.DEFAULT_TRAINED_UNTIL;
import static dev.tickcast.predict.ModelFixtures.TRACEPARENT;
import static dev.tickcast.predict.ModelFixtures.createModel;
import static dev.tickcast.predict.ModelFixtures.createPromoted;
import static dev.tickcast.predict.ModelFixtures.createRow;
import static dev.tickcast.predict.ModelFixtures.createVersion;
import static dev.tickcast.predict.ModelFixtures.featuresEvent;
import static dev.tickcast.predict.ModelFixtures.hash;
import static dev.tickcast.predict.ModelFixtures.promotedEvent;
import static dev.tickcast.predict.ModelFixtures.switchChampion;
import static dev.tickcast.predict.ModelFixtures.vector;
import static dev.tickcast.predict.ModelFixtures.xgboostPredict;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.tickcast.contracts.EventTypes;
import dev.tickcast.contracts.cloudevents.BinaryMode;
import dev.tickcast.contracts.cloudevents.CloudEventEnvelope;
import dev.tickcast.contracts.cloudevents.EventIds;
import dev.tickcast.contracts.cloudevents.Topics;
import dev.tickcast.contracts.json.Json;
import dev.tickcast.contracts.market.FeatureRow;
import dev.tickcast.contracts.model.Prediction;
import dev.tickcast.contracts.model.SignalAction;
import dev.tickcast.contracts.model.TradingSignal;
import dev.tickcast.featurestore.FeatureStore;
import dev.tickcast.predict.domain.SkipReason;
import dev.tickcast.predict.service.ChampionModels;
import dev.tickcast.predict.service.SkipCounts;
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

/** predict on the embedded stack: real Kafka, PostgreSQL, S3 and real XGBoost models, one pair per test. */
@QuarkusTest
@WithTestResource(value = StackTestResource.class, scope = TestResourceScope.GLOBAL)
class PredictFunctionTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration BROKER_WAIT = Duration.ofSeconds(60);
    /** 2 × 0.0026 + 0.0005: application.properties' fee rate and edge. */
    private static final double THRESHOLD = 0.0057;
    private static final Instant T1 = DEFAULT_TRAINED_UNTIL.plus(1, ChronoUnit.HOURS);

    @Inject
    ModelRegistry registry;

    @Inject
    ChampionModels models;

    @Inject
    SkipCounts skips;

    @Inject
    FeatureStore features;

    @Inject
    Pool pool;

    /** A champion of {@code pair} trained on {@link ModelFixtures#DEFAULT_NAMES}; returns its model.json. */
    private byte[] createChampion(String pair, String version, double slope) {
        byte[] model = createModel(DEFAULT_NAMES, slope, 7);
        createVersion(registry, pair, version, model, DEFAULT_NAMES, hash(DEFAULT_NAMES), DEFAULT_TRAINED_UNTIL);
        switchChampion(registry, pair, version, hash(DEFAULT_NAMES));
        return model;
    }

    @Test
    void overHttpARowIsPredictedAsXgboostItselfPredictsItStoredAndSignalled() throws Exception {
        String pair = "PA/USD";
        byte[] model = createChampion(pair, "a1", 0.01);
        List<FeatureRow> rows = List.of(
                createRow(pair, T1, "805.5", 2.0, 0.5, false),            // r ≈ +0.02: buy
                createRow(pair, T1.plusSeconds(60), "806.25", 0.0, null, false), // r ≈ 0, volume_z missing: hold
                createRow(pair, T1.plusSeconds(120), "804", -2.0, -1.0, false)); // r ≈ −0.02: sell
        List<SignalAction> expectedActions = List.of(SignalAction.BUY, SignalAction.HOLD, SignalAction.SELL);

        for (int i = 0; i < rows.size(); i++) {
            FeatureRow row = rows.get(i);
            Response reply = post(featuresEvent(row));

            assertThat(reply.statusCode()).isEqualTo(200);
            assertThat(reply.header("ce-type")).isEqualTo(EventTypes.PREDICTION);
            assertThat(reply.header("ce-source")).isEqualTo("predict");
            assertThat(reply.header("ce-id")).isEqualTo(EventIds.derive("prediction", pair, row.time().toString()));
            assertThat(reply.header("ce-subject")).isEqualTo(pair);
            assertThat(reply.header("ce-partitionkey")).isEqualTo(pair);
            assertThat(reply.header("ce-traceparent")).isEqualTo(TRACEPARENT);
            assertThat(OffsetDateTime.parse(reply.header("ce-time")).toInstant()).isEqualTo(row.time());
            Prediction p = Json.mapper().readValue(reply.body().asByteArray(), Prediction.class);
            float reference = xgboostPredict(model, vector(row));
            assertThat(p.predictedLogReturn()).isEqualTo((double) reference);
            assertThat(p.predictedPrice().doubleValue())
                    .isCloseTo(row.close().doubleValue() * Math.exp(reference), offset(1e-8));
            assertThat(p.basePrice()).isEqualTo(row.close());
            assertThat(p.featuresTime()).isEqualTo(row.time());
            assertThat(p.targetTime()).isEqualTo(row.time().plus(5, ChronoUnit.MINUTES));
            assertThat(p.horizonMinutes()).isEqualTo(5);
            assertThat(p.modelVersion()).isEqualTo("a1");

            Row stored = storedPrediction(pair, row.time());
            assertThat(stored.getBigDecimal("predicted_price")).isEqualTo(p.predictedPrice());
            assertThat(stored.getDouble("predicted_log_return")).isEqualTo(p.predictedLogReturn());
            assertThat(storedSignalAction(pair, row.time())).isEqualTo(expectedActions.get(i).name().toLowerCase());
        }
        assertThat(count("predictions", pair)).isEqualTo(3);

        try (BrokerClient broker = new BrokerClient()) {
            List<ConsumerRecord<String, byte[]>> records = broker.findAll(Topics.BROKER,
                    BrokerClient.header("ce_type", EventTypes.SIGNAL).and(BrokerClient.header("ce_subject", pair)), 3,
                    BROKER_WAIT);
            assertThat(records).hasSize(3);
            for (int i = 0; i < 3; i++) {
                ConsumerRecord<String, byte[]> record = records.get(i);
                TradingSignal signal = Json.mapper().readValue(record.value(), TradingSignal.class);
                assertThat(signal.time()).isEqualTo(rows.get(i).time());
                assertThat(signal.action()).isEqualTo(expectedActions.get(i));
                assertThat(signal.threshold()).isCloseTo(THRESHOLD, offset(1e-15));
                assertThat(signal.price()).isEqualTo(rows.get(i).close());
                assertThat(signal.modelVersion()).isEqualTo("a1");
                assertThat(record.key()).isEqualTo(pair);
                assertThat(BrokerClient.headers(record)).containsEntry("ce_source", "predict")
                        .containsEntry("ce_id", EventIds.derive("signal", pair, rows.get(i).time().toString()))
                        .containsEntry("ce_traceparent", TRACEPARENT);
            }
        }
    }

    @Test
    void overKafkaTheReplyGoesToTheBrokerAndAPromotionBeforeARowServesThatRow() throws Exception {
        String pair = "PB/USD";
        createChampion(pair, "b1", 0.01);
        byte[] second = createModel(DEFAULT_NAMES, -0.01, 8);
        createVersion(registry, pair, "b2", second, DEFAULT_NAMES, hash(DEFAULT_NAMES), DEFAULT_TRAINED_UNTIL);
        FeatureRow first = createRow(pair, T1, "800", 1.5, 0.1, false);
        FeatureRow next = createRow(pair, T1.plusSeconds(60), "801", 1.5, 0.1, false);

        try (BrokerClient broker = new BrokerClient()) {
            broker.publish(featuresEvent(first));
            // same key, same partition: the swap is applied between the two rows, in this order
            broker.publish(promotedEvent(createPromoted(registry, pair, "b2", hash(DEFAULT_NAMES),
                    DEFAULT_SWITCHED_AT.plus(1, ChronoUnit.HOURS))));
            broker.publish(featuresEvent(next));

            Prediction p1 = reply(broker, pair, first);
            Prediction p2 = reply(broker, pair, next);
            assertThat(p1.modelVersion()).isEqualTo("b1");
            assertThat(p1.predictedLogReturn()).isPositive();
            assertThat(p2.modelVersion()).isEqualTo("b2");
            assertThat(p2.predictedLogReturn()).isEqualTo((double) xgboostPredict(second, vector(next))).isNegative();
            assertThat(broker.find(Topics.BROKER, BrokerClient.header("ce_id",
                    EventIds.derive("signal", pair, next.time().toString())), BROKER_WAIT)).isPresent();
        }
        assertThat(models.servingVersion(pair)).contains("b2");
    }

    @Test
    void warmUpStaleExpiredAndModelLessRowsGetNoPredictionAndAreCounted() {
        String pair = "PC/USD";
        createChampion(pair, "c1", 0.01);
        Instant day = DEFAULT_TRAINED_UNTIL.plus(1, ChronoUnit.DAYS);
        Instant lastServed = DEFAULT_TRAINED_UNTIL.plus(7, ChronoUnit.DAYS);

        assertThat(post(featuresEvent(createRow(pair, day.minusSeconds(600), "800", 1, 0.0, true))).statusCode())
                .as("warm-up").isEqualTo(204);
        assertThat(post(featuresEvent(createRow(pair, day, "800", 1, 0.0, false))).statusCode()).isEqualTo(200);
        assertThat(post(featuresEvent(createRow(pair, day.minusSeconds(61), "800", 1, 0.0, false))).statusCode())
                .as("61 s behind the newest predicted row: stale").isEqualTo(204);
        assertThat(post(featuresEvent(createRow(pair, day.minusSeconds(60), "800", 1, 0.0, false))).statusCode())
                .as("60 s behind: within tickcast.predict.max-lag").isEqualTo(200);
        assertThat(post(featuresEvent(createRow(pair, lastServed, "800", 1, 0.0, false))).statusCode())
                .as("7 days after the training data: the last minute served").isEqualTo(200);
        assertThat(post(featuresEvent(createRow(pair, lastServed.plusSeconds(60), "800", 1, 0.0, false))).statusCode())
                .as("expired").isEqualTo(204);
        FeatureRow otherSchema = new FeatureRow(pair, lastServed.minusSeconds(30), new java.math.BigDecimal("800"),
                java.util.Map.of("drift", 1.0, "noise", 0.0, "volume_z", 0.0, "rsi_14", 50.0), false,
                FEATURE_SET);
        assertThat(post(featuresEvent(otherSchema)).statusCode()).as("a column the model does not know").isEqualTo(204);
        assertThat(post(featuresEvent(createRow("PN/USD", day, "800", 1, 0.0, false))).statusCode())
                .as("no champion").isEqualTo(204);

        assertThat(skips.count(pair, SkipReason.WARMUP)).isEqualTo(1);
        assertThat(skips.count(pair, SkipReason.STALE)).isEqualTo(1);
        assertThat(skips.count(pair, SkipReason.EXPIRED)).isEqualTo(1);
        assertThat(skips.count(pair, SkipReason.SCHEMA_MISMATCH)).isEqualTo(1);
        assertThat(skips.count("PN/USD", SkipReason.NO_MODEL)).isEqualTo(1);
        assertThat(count("predictions", pair)).isEqualTo(3);
        assertThat(count("signals", pair)).isEqualTo(3);
        assertThat(count("predictions", "PN/USD")).isZero();
    }

    @Test
    void aRedeliveredRowGetsTheStoredPredictionAndSignalEvenAfterASwapAndLaterRowsTheNewModel() throws Exception {
        String pair = "PD/USD";
        createChampion(pair, "d1", 0.01);
        byte[] second = createModel(DEFAULT_NAMES, -0.01, 9);
        createVersion(registry, pair, "d2", second, DEFAULT_NAMES, hash(DEFAULT_NAMES), DEFAULT_TRAINED_UNTIL);
        FeatureRow row = createRow(pair, T1, "900", 2.0, 0.0, false);
        CloudEventEnvelope event = featuresEvent(row);

        Response first = post(event);
        assertThat(post(promotedEvent(createPromoted(registry, pair, "d2", hash(DEFAULT_NAMES),
                DEFAULT_SWITCHED_AT.plus(1, ChronoUnit.HOURS)))).statusCode()).isEqualTo(204);
        assertThat(models.servingVersion(pair)).contains("d2");
        Response redelivered = post(event);
        Response sameRowOtherEvent = post(featuresEvent(row));

        assertThat(first.statusCode()).isEqualTo(200);
        for (Response again : List.of(redelivered, sameRowOtherEvent)) {
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(again.header("ce-id")).isEqualTo(first.header("ce-id"));
            assertThat(again.body().asByteArray()).isEqualTo(first.body().asByteArray());
        }
        assertThat(Json.mapper().readValue(first.body().asByteArray(), Prediction.class).modelVersion()).isEqualTo("d1");
        assertThat(count("predictions", pair)).isEqualTo(1);
        assertThat(count("signals", pair)).isEqualTo(1);

        FeatureRow later = createRow(pair, T1.plusSeconds(60), "900", 2.0, 0.0, false);
        Prediction afterSwap = Json.mapper().readValue(post(featuresEvent(later)).body().asByteArray(), Prediction.class);
        assertThat(afterSwap.modelVersion()).isEqualTo("d2");
        assertThat(afterSwap.predictedLogReturn()).isEqualTo((double) xgboostPredict(second, vector(later)));

        try (BrokerClient broker = new BrokerClient()) {
            // the row's signal went out once per delivery, always the same event: consumers keep one
            List<ConsumerRecord<String, byte[]>> signals = broker.findAll(Topics.BROKER, BrokerClient.header("ce_id",
                    EventIds.derive("signal", pair, row.time().toString())), 4, Duration.ofSeconds(15));
            assertThat(signals).hasSize(3);
            assertThat(signals).extracting(r -> new String(r.value(), java.nio.charset.StandardCharsets.UTF_8))
                    .containsOnly(new String(signals.get(0).value(), java.nio.charset.StandardCharsets.UTF_8));
            assertThat(Json.mapper().readValue(signals.get(0).value(), TradingSignal.class).action())
                    .isEqualTo(SignalAction.BUY);
        }
    }

    @Test
    void aModelThatDoesNotFitTheRowsOrItsEventIsRefusedAndTheChampionKeepsServing() throws Exception {
        String pair = "PE/USD";
        byte[] champion = createChampion(pair, "e1", 0.01);
        FeatureRow newest = createRow(pair, T1, "700", 1.0, 0.0, false);
        features.upsert(newest, 0).await().atMost(WAIT);
        List<String> wider = List.of("drift", "extra", "noise", "volume_z");
        createVersion(registry, pair, "e2", createModel(wider, 0.01, 3), wider, hash(wider), DEFAULT_TRAINED_UNTIL);
        createVersion(registry, pair, "e3", createModel(DEFAULT_NAMES, 0.01, 4), DEFAULT_NAMES, hash(DEFAULT_NAMES),
                DEFAULT_TRAINED_UNTIL);
        createVersion(registry, pair, "e4", createModel(DEFAULT_NAMES, 0.01, 5), DEFAULT_NAMES, hash(wider),
                DEFAULT_TRAINED_UNTIL);
        Instant later = DEFAULT_SWITCHED_AT.plus(1, ChronoUnit.HOURS);
        assertThat(post(featuresEvent(createRow(pair, T1.minusSeconds(60), "700", 1.0, 0.0, false))).statusCode())
                .isEqualTo(200);

        List<CloudEventEnvelope> refused = new ArrayList<>();
        // trained on a column the feature rows do not have
        refused.add(promotedEvent(createPromoted(registry, pair, "e2", hash(wider), later)));
        // the event's hash is not the one in the version's metadata
        refused.add(promotedEvent(createPromoted(registry, pair, "e3", hash(wider), later)));
        // metadata whose names do not hash to its recorded schema hash
        refused.add(promotedEvent(createPromoted(registry, pair, "e4", hash(wider), later)));
        for (CloudEventEnvelope event : refused) {
            assertThat(post(event).statusCode()).isEqualTo(204);
        }

        assertThat(models.refusals(pair)).isEqualTo(3);
        assertThat(models.servingVersion(pair)).contains("e1");
        Prediction p = Json.mapper().readValue(post(featuresEvent(newest)).body().asByteArray(), Prediction.class);
        assertThat(p.modelVersion()).isEqualTo("e1");
        assertThat(p.predictedLogReturn()).isEqualTo((double) xgboostPredict(champion, vector(newest)));
    }

    /**
     * Promotions converge: a champion switched in the registry whose model.promoted.v1 never arrived is applied by
     * the next read of champion.json, and an unchanged pointer (a conditional read) changes nothing.
     */
    @Test
    void aSwitchWhoseEventWasLostIsAppliedFromChampionJson() throws Exception {
        String pair = "PF/USD";
        createChampion(pair, "f1", 0.01);
        FeatureRow row = createRow(pair, T1, "700", 1.0, 0.0, false);
        assertThat(Json.mapper().readValue(post(featuresEvent(row)).body().asByteArray(), Prediction.class)
                .modelVersion()).isEqualTo("f1");
        assertThat(models.reconcile(pair)).isEqualTo(ChampionModels.Swap.ALREADY_SERVING);

        byte[] second = createModel(DEFAULT_NAMES, -0.02, 8);
        createVersion(registry, pair, "f2", second, DEFAULT_NAMES, hash(DEFAULT_NAMES), DEFAULT_TRAINED_UNTIL);
        switchChampion(registry, pair, "f2", hash(DEFAULT_NAMES)); // and no model.promoted.v1
        assertThat(models.servingVersion(pair)).contains("f1");

        assertThat(models.reconcile(pair)).isEqualTo(ChampionModels.Swap.SWAPPED);
        assertThat(models.servingVersion(pair)).contains("f2");
        assertThat(models.reconcile(pair)).isEqualTo(ChampionModels.Swap.ALREADY_SERVING);
        FeatureRow next = createRow(pair, T1.plusSeconds(60), "701", 1.0, 0.0, false);
        Prediction p = Json.mapper().readValue(post(featuresEvent(next)).body().asByteArray(), Prediction.class);
        assertThat(p.modelVersion()).isEqualTo("f2");
        assertThat(p.predictedLogReturn()).isEqualTo((double) xgboostPredict(second, vector(next)));
    }

    private static Prediction reply(BrokerClient broker, String pair, FeatureRow row) throws Exception {
        String id = EventIds.derive("prediction", pair, row.time().toString());
        ConsumerRecord<String, byte[]> record = broker.find(Topics.BROKER, BrokerClient.header("ce_id", id), BROKER_WAIT)
                .orElseThrow(() -> new AssertionError("no prediction " + id + " of " + row.time() + " on the broker"));
        assertThat(record.key()).isEqualTo(pair);
        assertThat(BrokerClient.headers(record)).containsEntry("ce_type", EventTypes.PREDICTION)
                .containsEntry("ce_source", "predict")
                .containsEntry("ce_subject", pair)
                .containsEntry("ce_partitionkey", pair)
                .containsEntry("ce_traceparent", TRACEPARENT);
        return Json.mapper().readValue(record.value(), Prediction.class);
    }

    private static Response post(CloudEventEnvelope event) {
        return given().headers(BinaryMode.HTTP.headers(event)).body(event.data()).post("/");
    }

    private Row storedPrediction(String pair, Instant time) {
        return pool.preparedQuery("SELECT * FROM predictions WHERE pair = $1 AND features_time = $2")
                .execute(Tuple.of(pair, OffsetDateTime.ofInstant(time, ZoneOffset.UTC))).await().atMost(WAIT)
                .iterator().next();
    }

    private String storedSignalAction(String pair, Instant time) {
        return pool.preparedQuery("SELECT action FROM signals WHERE pair = $1 AND time = $2")
                .execute(Tuple.of(pair, OffsetDateTime.ofInstant(time, ZoneOffset.UTC))).await().atMost(WAIT)
                .iterator().next().getString("action");
    }

    private long count(String table, String pair) {
        return pool.preparedQuery("SELECT count(*) AS n FROM " + table + " WHERE pair = $1").execute(Tuple.of(pair))
                .await().atMost(WAIT).iterator().next().getLong("n");
    }
}
