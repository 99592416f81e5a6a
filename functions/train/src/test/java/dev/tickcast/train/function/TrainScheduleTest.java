package dev.tickcast.train.function;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tickcast.contracts.EventTypes;
import dev.tickcast.contracts.cloudevents.Topics;
import dev.tickcast.contracts.market.FeatureRow;
import dev.tickcast.featurestore.FeatureStore;
import dev.tickcast.registry.ModelRegistry;
import dev.tickcast.runtime.testing.BrokerClient;
import dev.tickcast.runtime.testing.StackTestResource;
import dev.tickcast.train.FeatureFixtures;
import dev.tickcast.train.config.TrainConfig;
import dev.tickcast.train.repository.FeatureClock;
import dev.tickcast.train.domain.EventTimeSchedule;
import dev.tickcast.train.service.TrainJob;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The long-running process's schedule on a replay of 2013 rows, from an empty registry, with no admin action: the
 * first non-warm-up row makes the persistence baseline champion, training waits for enough rows, then runs, and
 * runs again only once the pair's event time has moved on by {@code every}.
 */
@QuarkusTest
@WithTestResource(value = StackTestResource.class, scope = TestResourceScope.GLOBAL)
class TrainScheduleTest {
    private static final Instant DEFAULT_START = Instant.parse("2013-11-25T00:00:00Z");
    private static final EventTimeSchedule SIX_HOURS = new EventTimeSchedule(Duration.ofHours(6));

    @Inject
    TrainSchedule schedule;

    @Inject
    FeatureStore store;

    @Inject
    TrainJob job;

    @Inject
    FeatureClock clock;

    @Inject
    TrainConfig config;

    @Inject
    ModelRegistry registry;

    private void store(List<FeatureRow> rows) {
        for (FeatureRow row : rows) {
            store.upsert(row, 0).await().indefinitely();
        }
    }

    @Test
    void persistenceFirstThenTrainingOnEventTimeAndNoRetrainingBeforeEveryHasPassed() {
        String pair = "SCHED/USD";
        List<FeatureRow> rows = FeatureFixtures.createPlantedSignal(pair, 1500, 17, DEFAULT_START);

        // warm-up rows only: no event time yet, nothing registered
        store(rows.subList(0, FeatureFixtures.DEFAULT_WARMUP));
        assertThat(schedule.tick(pair, SIX_HOURS)).isEmpty();
        assertThat(registry.champion(pair)).isEmpty();

        // 200 rows: the persistence baseline becomes champion and is announced; too few rows to train
        store(rows.subList(FeatureFixtures.DEFAULT_WARMUP, 200));
        assertThat(schedule.tick(pair, SIX_HOURS)).isEmpty();
        JsonNode champion = registry.champion(pair).orElseThrow().champion();
        assertThat(champion.path("kind").asText()).isEqualTo("persistence");
        String persistence = champion.path("version").asText();
        assertThat(registry.versions(pair)).containsExactly(persistence);
        try (BrokerClient broker = new BrokerClient()) {
            assertThat(broker.findAll(Topics.BROKER, BrokerClient.header("ce_type", EventTypes.MODEL_PROMOTED)
                    .and(BrokerClient.header("ce_subject", pair)), 1, Duration.ofSeconds(10))).hasSize(1);
        }
        // still too few: not tried again before enough minutes can exist (nothing new written)
        store(rows.subList(200, 210));
        assertThat(schedule.tick(pair, SIX_HOURS)).isEmpty();
        assertThat(registry.versions(pair)).containsExactly(persistence);

        // 1000 rows: trained on event time (2013), the linear baseline and XGBoost judged; the signal is learnt
        store(rows.subList(210, 1000));
        Optional<TrainJob.Outcome> first = schedule.tick(pair, SIX_HOURS);
        assertThat(first).isPresent();
        assertThat(first.get().promoted()).as(first.get().reason()).isTrue();
        Instant firstEnd = rows.get(999).time();
        assertThat(registry.metadata(pair, first.get().version()).orElseThrow().path("data").path("requestedTo").asText())
                .isEqualTo(firstEnd.toString());
        assertThat(registry.champion(pair).orElseThrow().champion().path("kind").asText()).isEqualTo("xgboost");

        // less than six hours of event time later: not due, also for a fresh process reading the registry
        store(rows.subList(1000, 1300));
        assertThat(schedule.tick(pair, SIX_HOURS)).isEmpty();
        TrainSchedule restarted = new TrainSchedule();
        restarted.job = job;
        restarted.clock = clock;
        restarted.config = config;
        assertThat(restarted.tick(pair, SIX_HOURS)).isEmpty();
        int versions = registry.versions(pair).size();

        // six hours past the last trained data end: trained again
        store(rows.subList(1300, 1500));
        Optional<TrainJob.Outcome> second = schedule.tick(pair, SIX_HOURS);
        assertThat(second).isPresent();
        assertThat(registry.versions(pair)).hasSize(versions + 2);
        assertThat(registry.metadata(pair, second.get().candidates().get(0).version()).orElseThrow()
                .path("data").path("requestedTo").asText()).isEqualTo(rows.get(1499).time().toString());
    }
}
