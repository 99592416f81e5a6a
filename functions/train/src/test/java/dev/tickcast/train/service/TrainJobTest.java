package dev.tickcast.train.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tickcast.contracts.EventTypes;
import dev.tickcast.contracts.cloudevents.Topics;
import dev.tickcast.contracts.json.Json;
import dev.tickcast.contracts.market.FeatureRow;
import dev.tickcast.contracts.model.ModelPromoted;
import dev.tickcast.featurestore.FeatureStore;
import dev.tickcast.runtime.testing.BrokerClient;
import dev.tickcast.runtime.testing.StackTestResource;
import dev.tickcast.train.DjlModels;
import dev.tickcast.train.FeatureFixtures;
import dev.tickcast.registry.ModelKind;
import dev.tickcast.registry.ModelRegistry;
import dev.tickcast.train.repository.SentimentFeatureFunction;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = StackTestResource.class, scope = TestResourceScope.GLOBAL)
class TrainJobTest {
    private static final Instant FROM = FeatureFixtures.DEFAULT_START;
    private static final Instant TO = FROM.plus(2, ChronoUnit.DAYS);

    @Inject
    TrainJob job;

    @Inject
    FeatureStore store;

    @Inject
    ModelRegistry registry;

    @Inject
    Pool pool;

    private void store(List<FeatureRow> rows) {
        for (FeatureRow row : rows) {
            store.upsert(row, 0).await().indefinitely();
        }
    }

    private static Optional<ModelPromoted> promotedEvent(String pair, String version) {
        return promotedEvents(pair).stream().filter(p -> p.version().equals(version)).findFirst();
    }

    private static List<ModelPromoted> promotedEvents(String pair) {
        try (BrokerClient broker = new BrokerClient()) {
            return broker.findAll(Topics.BROKER, BrokerClient.header("ce_type", EventTypes.MODEL_PROMOTED)
                    .and(BrokerClient.header("ce_subject", pair)), 10, Duration.ofSeconds(5)).stream()
                    .map(TrainJobTest::promoted).toList();
        }
    }

    private static ModelPromoted promoted(ConsumerRecord<String, byte[]> record) {
        try {
            return Json.mapper().readValue(record.value(), ModelPromoted.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aPlantedLearnableSignalIsLearnedBeatsPersistenceAndIsPromoted() throws Exception {
        String pair = "SIG/USD";
        store(FeatureFixtures.createPlantedSignal(pair, 1500, 11));
        List<String> progress = new ArrayList<>();

        TrainJob.Outcome outcome = job.train(pair, FROM, TO, progress::add);

        assertThat(outcome.promoted()).as(outcome.reason()).isTrue();
        assertThat(outcome.candidate(ModelKind.XGBOOST).orElseThrow().version()).isEqualTo(outcome.version());
        // the champion it replaced: the persistence baseline the run registered first, scored on the same holdout
        String persistence = registry.versions(pair).get(0);
        assertThat(registry.metadata(pair, persistence).orElseThrow().path("kind").asText()).isEqualTo("persistence");
        // the linear model sees every column, `signal` too: it passes the gate, and XGBoost must beat it as well
        TrainJob.Candidate linear = outcome.candidate(ModelKind.LINEAR).orElseThrow();
        assertThat(linear.promoted()).isFalse();
        JsonNode linearMetadata = registry.metadata(pair, linear.version()).orElseThrow();
        assertThat(linearMetadata.path("kind").asText()).isEqualTo("linear");
        assertThat(linearMetadata.path("gate").path("promote").asBoolean()).as(linear.reason()).isTrue();
        assertThat(linearMetadata.path("hyperparameters").path("objective").asText()).isEqualTo("reg:absoluteerror");
        assertThat(outcome.reason()).contains("beats persistence").contains("and champion " + linear.version());
        Trainer.Result r = outcome.result();
        assertThat(r.dataset().warmupSkipped()).isEqualTo(FeatureFixtures.DEFAULT_WARMUP);
        assertThat(r.dataset().noTarget()).isEqualTo(5); // the last five minutes have no close 5 minutes later
        assertThat(r.model().skill()).isGreaterThan(0.5);
        assertThat(r.model().mae()).isLessThan(r.persistence().mae());
        assertThat(r.model().directionAccuracy()).isGreaterThan(0.85);
        assertThat(r.importance().keySet().iterator().next()).isEqualTo("signal");
        assertThat(r.folds()).hasSize(4).allSatisfy(f -> assertThat(f.model().skill()).isGreaterThan(0.3));
        assertThat(progress).anyMatch(l -> l.startsWith("train SIG/USD: fold 4/4"))
                .anyMatch(l -> l.startsWith("train SIG/USD: holdout"));

        // the registry: complete version, then the champion pointer
        JsonNode champion = registry.champion(pair).orElseThrow().champion();
        assertThat(champion.path("version").asText()).isEqualTo(outcome.version());
        assertThat(champion.path("kind").asText()).isEqualTo("xgboost");
        assertThat(champion.path("location").asText()).isEqualTo("s3://tickcast-models/models/SIG-USD/" + outcome.version() + "/");
        JsonNode metadata = registry.metadata(pair, outcome.version()).orElseThrow();
        assertThat(metadata.path("features").path("schemaHash").asText()).matches("[0-9a-f]{64}")
                .isEqualTo(champion.path("featureSchemaHash").asText());
        assertThat(metadata.path("features").path("names").toString()).isEqualTo("[\"log_return_1\",\"noise_a\",\"noise_b\",\"signal\"]");
        assertThat(metadata.path("data").path("rows").asInt()).isEqualTo(1500 - 10 - 5);
        // the training distribution of the key features present (here only log_return_1), for drift checks
        JsonNode distribution = metadata.path("features").path("distribution");
        assertThat(distribution.size()).isEqualTo(1);
        assertThat(distribution.path("log_return_1").path("edges")).hasSize(9);
        assertThat(distribution.path("log_return_1").path("rows").asInt()).isEqualTo(1500 - 10 - 5);
        assertThat(metadata.path("data").path("droppedWithoutTarget").asInt()).isEqualTo(5);
        assertThat(metadata.path("metrics").path("holdout").path("model").path("skill").asDouble())
                .isEqualTo(r.model().skill());
        assertThat(metadata.path("metrics").path("folds")).hasSize(4);
        assertThat(metadata.path("hyperparameters").path("rounds").asInt()).isEqualTo(r.rounds()).isPositive();
        assertThat(metadata.path("versions").path("xgboost4j").asText()).isEqualTo("3.0.4");
        assertThat(metadata.path("gate").path("promote").asBoolean()).isTrue();
        assertThat(metadata.path("kind").asText()).isEqualTo("xgboost");
        String report = new String(registry.read(pair, outcome.version(), ModelRegistry.REPORT).orElseThrow(),
                StandardCharsets.UTF_8);
        assertThat(report).contains("Promoted").contains("<polyline").contains(">signal</text>")
                // self-contained: nothing to fetch when viewed
                .doesNotContain("<script").doesNotContain("src=").doesNotContain("href=").doesNotContain("url(");

        // model.promoted.v1 on the broker
        ModelPromoted event = promotedEvent(pair, outcome.version()).orElseThrow();
        assertThat(event.location()).isEqualTo(outcome.location());
        assertThat(event.featureSchemaHash()).isEqualTo(r.dataset().schemaHash());
        assertThat(event.previousVersion()).isEqualTo(persistence);
        assertThat(event.metrics().get("skill")).isEqualTo(r.model().skill());

        // the model file is the refit on every row (not the model the holdout judged), DJL's XGBoost engine loads
        // it, and it predicts what xgboost4j predicts with it
        assertThat(metadata.path("hyperparameters").path("servedRounds").asInt()).isEqualTo(r.servedRounds())
                .isGreaterThan(r.rounds());
        assertThat(metadata.path("hyperparameters").path("objective").asText()).isEqualTo(Trainer.DEFAULT_OBJECTIVE.xgboostName());
        assertThat(metadata.path("model").path("fittedOn").asText()).startsWith("every row (holdout included)");
        byte[] modelJson = registry.read(pair, outcome.version(), ModelRegistry.MODEL).orElseThrow();
        XgboostRegressor written = XgboostRegressor.load(modelJson, r.dataset().featureNames());
        double[] servedPredictions;
        try {
            servedPredictions = written.predict(r.holdout().subList(0, 20));
        } finally {
            written.dispose();
        }
        assertThat(toFloats(servedPredictions, 20)).isNotEqualTo(toFloats(r.predicted(), 20));
        assertThat(djlPredict(modelJson, r.holdout().subList(0, 20))).containsExactly(toFloats(servedPredictions, 20));
    }

    @Test
    void pureNoiseIsRejectedWithTheReasonAndNothingIsPromoted() {
        String pair = "NOISE/USD";
        store(FeatureFixtures.createNoise(pair, 1500, 5));

        TrainJob.Outcome outcome = job.train(pair, FROM, TO, line -> { });

        assertThat(outcome.promoted()).isFalse();
        assertThat(outcome.reason()).satisfiesAnyOf(
                reason -> assertThat(reason).startsWith("does not beat persistence on the holdout: MAE"),
                reason -> assertThat(reason).startsWith("beats persistence on the holdout by too little to tell from luck"));
        // the persistence baseline stays champion
        JsonNode champion = registry.champion(pair).orElseThrow().champion();
        assertThat(champion.path("kind").asText()).isEqualTo("persistence");
        assertThat(outcome.candidates()).extracting(TrainJob.Candidate::kind)
                .containsExactly(ModelKind.LINEAR, ModelKind.XGBOOST);
        assertThat(outcome.candidates()).noneMatch(TrainJob.Candidate::promoted);
        JsonNode metadata = registry.metadata(pair, outcome.version()).orElseThrow();
        assertThat(metadata.path("gate").path("promote").asBoolean()).isFalse();
        assertThat(metadata.path("gate").path("reason").asText()).isEqualTo(outcome.reason());
        assertThat(registry.read(pair, outcome.version(), ModelRegistry.MODEL)).isPresent();
        assertThat(new String(registry.read(pair, outcome.version(), ModelRegistry.REPORT).orElseThrow(),
                StandardCharsets.UTF_8)).contains("Rejected:");
        assertThat(promotedEvent(pair, outcome.version())).isEmpty();
    }

    @Test
    void aNewModelMustBeatTheChampionOnTheSameHoldoutAndRollbackRestoresAnEarlierOne() {
        String pair = "ROLL/USD";
        // the return follows `signal` for 1200 minutes, then `noise_a`
        store(FeatureFixtures.createRegimeChange(pair, 2600, 1200, 21));
        Instant regimeChange = FROM.plus(1201, ChronoUnit.MINUTES);

        TrainJob.Outcome first = job.train(pair, FROM, regimeChange, line -> { });
        assertThat(first.promoted()).as(first.reason()).isTrue();
        String persistence = registry.versions(pair).get(0);

        // the same data again: an equal model does not beat the champion
        TrainJob.Outcome same = job.train(pair, FROM, regimeChange, line -> { });
        assertThat(same.promoted()).isFalse();
        assertThat(same.reason()).startsWith("does not beat champion " + first.version() + " on the same holdout");

        TrainJob.Outcome second = job.train(pair, regimeChange, TO, line -> { });
        assertThat(second.promoted()).as(second.reason()).isTrue();
        // the best so far XGBoost must beat: the run's linear model if it passed the gate (it sees every column,
        // the new driver too), else the champion
        String linearVersion = second.candidate(ModelKind.LINEAR).orElseThrow().version();
        String best = registry.metadata(pair, linearVersion).orElseThrow().path("gate").path("promote").asBoolean()
                ? linearVersion : first.version();
        assertThat(second.reason()).contains("and champion " + best + " on the same holdout");
        assertThat(promotedEvent(pair, second.version()).orElseThrow().previousVersion()).isEqualTo(first.version());

        TrainJob.Outcome rollback = job.rollback(pair, first.version(), line -> { });
        assertThat(rollback.promoted()).isTrue();
        JsonNode champion = registry.champion(pair).orElseThrow().champion();
        assertThat(champion.path("version").asText()).isEqualTo(first.version());
        assertThat(champion.path("previousVersion").asText()).isEqualTo(second.version());
        assertThat(champion.path("reason").asText()).isEqualTo("rollback");
        assertThat(promotedEvents(pair)).extracting(ModelPromoted::version, ModelPromoted::previousVersion)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(persistence, null),
                        org.assertj.core.groups.Tuple.tuple(first.version(), persistence),
                        org.assertj.core.groups.Tuple.tuple(second.version(), first.version()),
                        org.assertj.core.groups.Tuple.tuple(first.version(), second.version()));

        assertThatThrownBy(() -> job.rollback(pair, same.version(), line -> { }))
                .hasMessageStartingWith("--rollback-to: version " + same.version() + " of ROLL/USD was rejected by the gate");
        assertThatThrownBy(() -> job.rollback(pair, "20990101T000000000Z", line -> { }))
                .hasMessageStartingWith("--rollback-to: no complete version '20990101T000000000Z' of ROLL/USD")
                .hasMessageContaining(first.version()).hasMessageContaining(second.version());
    }

    /**
     * Without --from/--to a run ends at the pair's newest non-warm-up feature row (event time), not at the wall
     * clock: rows replayed from 2013 are trained on.
     */
    @Test
    void aRunWithoutARangeEndsAtThePairsNewestFeatureRowSoAReplayOf2013Trains() {
        String pair = "OLD/USD";
        List<FeatureRow> rows = FeatureFixtures.createPlantedSignal(pair, 1500, 41, Instant.parse("2013-11-25T00:00:00Z"));
        store(rows);

        TrainJob.Outcome outcome = job.train(pair, null, null, line -> { });

        Instant newest = rows.get(rows.size() - 1).time();
        JsonNode data = registry.metadata(pair, outcome.version()).orElseThrow().path("data");
        assertThat(data.path("requestedTo").asText()).isEqualTo(newest.toString());
        assertThat(data.path("requestedFrom").asText()).isEqualTo(newest.minus(Duration.ofDays(30)).toString());
        assertThat(data.path("rows").asInt()).isEqualTo(1500 - 10 - 5);
        assertThat(outcome.promoted()).as(outcome.reason()).isTrue();
    }

    private void createNews(String coin, String newsId, Instant publishedAt, double score) {
        pool.preparedQuery("INSERT INTO sentiment_events (news_id, coin, scorer, position, published_at, score, "
                + "confidence, fallback) VALUES ($1, $2, 'lexicon:test', 0, $3, $4, 1.0, false)")
                .execute(Tuple.of(newsId, coin, java.time.OffsetDateTime.ofInstant(publishedAt, java.time.ZoneOffset.UTC),
                        score))
                .await().indefinitely();
    }

    /**
     * With scored news for the pair's coin, the sentiment step's features join the dataset as of each row's time:
     * news published after t never counts for row t, here in the real database function.
     */
    @Test
    void sentimentFeaturesAreJoinedAsOfTFromTheSentimentStepsFunction() {
        String pair = "SENT/USD";
        List<FeatureRow> rows = FeatureFixtures.createPlantedSignal(pair, 600, 31);
        store(rows);
        Instant t = rows.get(300).time();
        createNews("SENT", "sent-1", t.minus(10, ChronoUnit.MINUTES), 0.8);
        createNews("SENT", "sent-2", t, -0.4);                  // at t: known at t
        createNews("SENT", "sent-3", t.plusSeconds(1), 1.0);     // one second later: not known at t

        SentimentFeatures sentiment = SentimentFeatureFunction.of(pool, pair, TO);
        assertThat(sentiment.names()).containsExactly("sentiment_1h", "sentiment_6h", "news_count_1h", "news_count_6h");
        double[] atT = sentiment.asOfEach(List.of(t)).get(0);
        assertThat(atT[2]).isEqualTo(2);
        assertThat(atT[0]).isCloseTo(0.8 * Math.pow(0.5, 10 / 60.0) - 0.4, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(sentiment.asOfEach(List.of(t.plusSeconds(1))).get(0)[2]).isEqualTo(3);
        // a coin without news: market features only
        assertThat(SentimentFeatureFunction.of(pool, "NONEWS/USD", TO).names()).isEmpty();

        Dataset dataset = DatasetBuilder.build(rows, sentiment, TO);
        assertThat(dataset.featureNames()).endsWith("news_count_1h", "news_count_6h");
        TrainingRow rowT = dataset.rows().stream().filter(r -> r.time().equals(t)).findFirst().orElseThrow();
        assertThat(rowT.features()).endsWith(atT);
        assertThat(dataset.schemaHash()).isNotEqualTo(DatasetBuilder.build(rows, SentimentFeatures.NONE, TO).schemaHash());
    }

    @Test
    void theChampionPointerIsSwitchedOnlyIfNobodySwitchedItMeanwhile() {
        String pair = "SWAP/USD";
        ObjectNode metadata = Json.mapper().createObjectNode();
        registry.writeVersion(pair, "v1", "{}".getBytes(StandardCharsets.UTF_8), new byte[0], metadata);
        registry.writeVersion(pair, "v2", "{}".getBytes(StandardCharsets.UTF_8), new byte[0], metadata);
        ObjectNode v1 = Json.mapper().createObjectNode().put("version", "v1");
        ObjectNode v2 = Json.mapper().createObjectNode().put("version", "v2");

        assertThat(registry.switchChampion(pair, v1, Optional.empty())).isTrue();
        ModelRegistry.Pointer read = registry.champion(pair).orElseThrow();
        // a second "first" champion (If-None-Match: *) loses
        assertThat(registry.switchChampion(pair, v2, Optional.empty())).isFalse();
        assertThat(registry.switchChampion(pair, v2, Optional.of(read))).isTrue();
        // a stale ETag loses: the pointer stays where the winner put it
        assertThat(registry.switchChampion(pair, v1, Optional.of(read))).isFalse();
        assertThat(registry.champion(pair).orElseThrow().version()).isEqualTo("v2");
        // never at an incomplete version
        assertThatThrownBy(() -> registry.switchChampion(pair,
                Json.mapper().createObjectNode().put("version", "v3"), registry.champion(pair)))
                .hasMessageContaining("version v3 of SWAP/USD is not complete");
        assertThatThrownBy(() -> registry.writeVersion(pair, "v1", new byte[0], new byte[0], metadata))
                .hasMessageContaining("version v1 of SWAP/USD already exists");
    }

    private static float[] toFloats(double[] values, int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) values[i];
        }
        return f;
    }

    private static float[] djlPredict(byte[] modelJson, List<TrainingRow> rows) throws Exception {
        float[][] input = new float[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
            double[] x = rows.get(i).features();
            input[i] = new float[x.length];
            for (int j = 0; j < x.length; j++) {
                input[i][j] = (float) x[j];
            }
        }
        return DjlModels.predict(modelJson, input);
    }
}
