package dev.tickcast.featurize.function;

import static dev.tickcast.featurize.CandleFixtures.candleEvent;
import static dev.tickcast.featurize.CandleFixtures.createBitstampCandles;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.tickcast.contracts.EventTypes;
import dev.tickcast.contracts.cloudevents.Topics;
import dev.tickcast.contracts.json.Json;
import dev.tickcast.contracts.market.Candle;
import dev.tickcast.contracts.market.FeatureRow;
import dev.tickcast.featurestore.FeatureStore;
import dev.tickcast.featurize.service.FeatureCalculator;
import dev.tickcast.runtime.testing.BrokerClient;
import dev.tickcast.runtime.testing.StackTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Live (one candle.v1 event at a time through Kafka) and bulk ({@code computeAll}) give the same rows. */
@QuarkusTest
@WithTestResource(value = StackTestResource.class, scope = TestResourceScope.GLOBAL)
class FeedOneByOneTest {
    private static final String PAIR = "F3/USD";
    /** Two windows' worth: warm-up rows, the first full window, and windows sliding past the start. */
    private static final int CANDLES = 2 * FeatureCalculator.WINDOW;

    @Inject
    FeatureStore store;

    @Test
    void feedingTheSameCandlesOneEventAtATimeAndInBulkYieldsIdenticalFeatureRows() throws Exception {
        List<Candle> candles = createBitstampCandles(PAIR, CANDLES);
        List<FeatureRow> bulk = FeatureCalculator.computeAll(candles);

        List<ConsumerRecord<String, byte[]>> replies;
        long started = System.nanoTime();
        try (BrokerClient broker = new BrokerClient()) {
            for (Candle candle : candles) {
                broker.publish(candleEvent(candle));
            }
            replies = broker.findAll(Topics.BROKER,
                    BrokerClient.header("ce_type", EventTypes.FEATURES).and(BrokerClient.header("ce_subject", PAIR)),
                    CANDLES, Duration.ofSeconds(180));
        }
        System.out.printf("%d candles fed one by one through Kafka, replies read back in %d ms%n", CANDLES,
                (System.nanoTime() - started) / 1_000_000);
        List<FeatureRow> stored = store.range(PAIR, candles.get(0).end(), candles.get(CANDLES - 1).end().plusSeconds(1))
                .await().atMost(Duration.ofSeconds(30));

        assertThat(replies).hasSize(CANDLES);
        for (int i = 0; i < CANDLES; i++) {
            assertThat(Json.mapper().readValue(replies.get(i).value(), FeatureRow.class)).as("reply %d", i)
                    .isEqualTo(bulk.get(i));
        }
        assertThat(stored).hasSize(CANDLES);
        for (int i = 0; i < CANDLES; i++) {
            assertThat(stored.get(i)).as("stored row %d", i).isEqualTo(bulk.get(i));
        }
        // the series covers both kinds of row, and real values
        assertThat(stored.stream().filter(FeatureRow::warmup).count()).isEqualTo(FeatureCalculator.WARMUP_CANDLES - 1);
        assertThat(stored.get(CANDLES - 1).values()).doesNotContainValue(null);
    }
}
