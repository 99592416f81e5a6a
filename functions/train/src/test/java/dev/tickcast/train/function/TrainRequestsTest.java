package dev.tickcast.train.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.tickcast.contracts.EventTypes;
import dev.tickcast.contracts.cloudevents.CloudEventEnvelope;
import dev.tickcast.contracts.json.Json;
import dev.tickcast.contracts.market.FeatureRow;
import dev.tickcast.contracts.model.TrainRequested;
import dev.tickcast.featurestore.FeatureStore;
import dev.tickcast.registry.ModelRegistry;
import dev.tickcast.runtime.testing.BrokerClient;
import dev.tickcast.runtime.testing.StackTestResource;
import dev.tickcast.train.FeatureFixtures;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The long-running train takes train.requested.v1 from the broker (what the api's admin "train" action sends). */
@QuarkusTest
@WithTestResource(value = StackTestResource.class, scope = TestResourceScope.GLOBAL)
class TrainRequestsTest {
    static final Instant FROM = FeatureFixtures.DEFAULT_START;
    static final Instant TO = FROM.plus(2, ChronoUnit.DAYS);

    @Inject
    TrainRequests requests;

    @Inject
    FeatureStore store;

    @Inject
    ModelRegistry registry;

    @Test
    void aRequestOnTheBrokerIsRunOnceAndABrokenOneIsSkipped() throws Exception {
        String pair = "REQ/USD";
        for (FeatureRow row : FeatureFixtures.createPlantedSignal(pair, 1500, 13)) {
            store.upsert(row, 0).await().indefinitely();
        }
        requests.start("train-requests-test-" + UUID.randomUUID());
        await().atMost(Duration.ofSeconds(30)).until(requests::listening);
        long before = requests.handled();

        try (BrokerClient broker = new BrokerClient()) {
            // a request without a pair breaks its contract: logged and skipped, the next one still runs
            broker.publish(event(pair, "{\"requestedAt\":\"2026-11-21T12:00:00Z\",\"requestedBy\":\"admin\"}".getBytes()));
            broker.publish(event(pair, Json.mapper().writeValueAsBytes(
                    new TrainRequested(pair, FROM, TO, Instant.parse("2026-11-21T12:00:00Z"), "admin"))));
        }

        await().atMost(Duration.ofMinutes(3)).until(() -> requests.handled() == before + 1);
        // the persistence baseline (the first champion), then the run's linear baseline and XGBoost model
        assertThat(registry.versions(pair)).hasSize(3);
        assertThat(registry.champion(pair)).isPresent();
        assertThat(registry.versions(pair).stream().map(v -> registry.metadata(pair, v).orElseThrow()))
                .extracting(m -> m.path("kind").asText(), m -> m.path("data").path("requestedFrom").asText(""))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("persistence", ""),
                        org.assertj.core.groups.Tuple.tuple("linear", FROM.toString()),
                        org.assertj.core.groups.Tuple.tuple("xgboost", FROM.toString()));
    }

    static CloudEventEnvelope event(String pair, byte[] data) {
        return CloudEventEnvelope.json(UUID.randomUUID().toString(), "/tickcast/api", EventTypes.TRAIN_REQUESTED, pair,
                OffsetDateTime.now(ZoneOffset.UTC), null, data);
    }
}
