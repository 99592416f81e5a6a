package dev.tickcast.featurize.function;

import static dev.tickcast.featurize.CandleFixtures.TRACEPARENT;
import static dev.tickcast.featurize.CandleFixtures.candleEvent;
import static dev.tickcast.featurize.CandleFixtures.createBitstampCandles;
import static dev.tickcast.featurize.CandleFixtures.createCandles;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
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
import dev.tickcast.contracts.market.Candle;
import dev.tickcast.contracts.market.FeatureRow;
import dev.tickcast.featurize.service.FeatureCalculator;
import dev.tickcast.featurestore.FeatureStore;
import dev.tickcast.runtime.testing.BrokerClient;
import dev.tickcast.runtime.testing.StackTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

@QuarkusTest
@WithTestResource(value = StackTestResource.class, scope = TestResourceScope.GLOBAL)
class FeaturizeFunctionTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    FeatureStore store;

    @Inject
    Pool pool;

    @Test
    void overHttpACandleIsAnsweredWithTheFeatureRowOfItsWindow() throws Exception {
        List<Candle> candles = createBitstampCandles("F1/USD", 40);
        CloudEventEnvelope event = null;
        Response reply = null;
        for (Candle candle : candles) {
            event = candleEvent(candle);
            reply = post(event);
            assertThat(reply.statusCode()).isEqualTo(200);
        }
        FeatureRow expected = FeatureCalculator.computeAll(candles).get(39);

        assertThat(reply.header("ce-type")).isEqualTo(EventTypes.FEATURES);
        assertThat(reply.header("ce-source")).isEqualTo("featurize");
        assertThat(reply.header("ce-id")).isEqualTo(EventIds.reply("featurize", event.id()));
        assertThat(reply.header("ce-subject")).isEqualTo("F1/USD");
        assertThat(reply.header("ce-partitionkey")).isEqualTo("F1/USD");
        assertThat(reply.header("ce-traceparent")).isEqualTo(TRACEPARENT);
        assertThat(OffsetDateTime.parse(reply.header("ce-time")).toInstant()).isEqualTo(candles.get(39).end());
        FeatureRow row = Json.mapper().readValue(reply.body().asByteArray(), FeatureRow.class);
        assertThat(row).isEqualTo(expected);
        assertThat(row.values().get("sma_21_gap")).isNotNull();
        assertThat(row.warmup()).isTrue();
        assertThat(store.latest("F1/USD").await().atMost(WAIT)).contains(expected);
    }

    @Test
    void overKafkaTheReplyGoesToTheBrokerTopicKeyedByPair() throws Exception {
        List<Candle> candles = createBitstampCandles("F2/USD", 40);
        FeatureRow expected = FeatureCalculator.computeAll(candles).get(39);
        try (BrokerClient broker = new BrokerClient()) {
            CloudEventEnvelope last = null;
            for (Candle candle : candles) {
                last = candleEvent(candle);
                broker.publish(last);
            }
            String replyId = EventIds.reply("featurize", last.id());

            ConsumerRecord<String, byte[]> record = broker
                    .find(Topics.BROKER, BrokerClient.header("ce_id", replyId), Duration.ofSeconds(60))
                    .orElseThrow(() -> new AssertionError("no reply " + replyId + " on the broker topic"));

            assertThat(record.key()).isEqualTo("F2/USD");
            assertThat(BrokerClient.headers(record)).containsEntry("ce_type", EventTypes.FEATURES)
                    .containsEntry("ce_source", "featurize")
                    .containsEntry("ce_subject", "F2/USD")
                    .containsEntry("ce_partitionkey", "F2/USD")
                    .containsEntry("ce_traceparent", TRACEPARENT);
            assertThat(Json.mapper().readValue(record.value(), FeatureRow.class)).isEqualTo(expected);
        }
        assertThat(store.asOf("F2/USD", candles.get(39).end()).await().atMost(WAIT)).contains(expected);
    }

    @Test
    void aRedeliveredCandleGetsTheSameReplyAndChangesNothingInTheStore() throws Exception {
        List<Candle> candles = createCandles("F6/USD", 30, 6);
        List<CloudEventEnvelope> events = new ArrayList<>();
        for (Candle candle : candles) {
            events.add(candleEvent(candle));
            assertThat(post(events.get(events.size() - 1)).statusCode()).isEqualTo(200);
        }
        Candle twentieth = candles.get(19);
        Row before = storedRow("F6/USD", twentieth);

        Response first = post(events.get(19));
        Response again = post(events.get(19));

        assertThat(again.header("ce-id")).isEqualTo(first.header("ce-id"))
                .isEqualTo(EventIds.reply("featurize", events.get(19).id()));
        assertThat(again.body().asByteArray()).isEqualTo(first.body().asByteArray());
        assertThat(Json.mapper().readValue(again.body().asByteArray(), FeatureRow.class))
                .isEqualTo(FeatureCalculator.computeAll(candles).get(19));
        Row after = storedRow("F6/USD", twentieth);
        assertThat(after.getOffsetDateTime("computed_at")).isEqualTo(before.getOffsetDateTime("computed_at"));
        assertThat(after.getString("feature_values")).isEqualTo(before.getString("feature_values"));
        assertThat(countRows("F6/USD")).isEqualTo(30);
    }

    @Test
    void aHigherRevisionRecomputesItsMinuteAndALowerOneIsIgnored() throws Exception {
        List<Candle> candles = createCandles("F7/USD", 20, 7);
        for (Candle candle : candles) {
            assertThat(post(candleEvent(candle)).statusCode()).isEqualTo(200);
        }
        Candle original = candles.get(19);
        BigDecimal revisedClose = original.high().add(BigDecimal.TEN);
        Candle revised = new Candle(original.pair(), original.start(), original.end(), original.open(), revisedClose,
                original.low(), revisedClose, original.volume().add(BigDecimal.ONE), original.vwap(),
                original.tradeCount() + 1, false, 1);
        List<Candle> revisedSeries = new ArrayList<>(candles.subList(0, 19));
        revisedSeries.add(revised);
        FeatureRow expected = FeatureCalculator.computeAll(revisedSeries).get(19);

        Response revision1 = post(candleEvent(revised));
        Response staleRevision0 = post(candleEvent(original));

        assertThat(revision1.statusCode()).isEqualTo(200);
        FeatureRow row = Json.mapper().readValue(revision1.body().asByteArray(), FeatureRow.class);
        assertThat(row).isEqualTo(expected);
        assertThat(row.close()).isEqualByComparingTo(revisedClose);
        assertThat(staleRevision0.statusCode()).isEqualTo(204);
        assertThat(staleRevision0.header("ce-id")).isNull();
        assertThat(store.latest("F7/USD").await().atMost(WAIT)).contains(expected);
        assertThat(storedRow("F7/USD", original).getInteger("candle_revision")).isEqualTo(1);
    }

    @Test
    void aCandleThatBreaksItsContractGets400NamingTheFieldAndTheRule() throws Exception {
        Candle good = createCandles("F8/USD", 1, 8).get(0);
        Candle broken = new Candle(good.pair(), good.start(), good.end(), good.open(), good.low(), good.high(),
                good.close(), good.volume(), good.vwap(), good.tradeCount(), false, 0);

        Response response = post(candleEvent(broken));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body().asString()).contains("low<=high");
        assertThat(countRows("F8/USD")).isZero();
    }

    private static Response post(CloudEventEnvelope event) {
        return given().headers(BinaryMode.HTTP.headers(event)).body(event.data()).post("/");
    }

    private Row storedRow(String pair, Candle candle) {
        return pool.preparedQuery("SELECT computed_at, candle_revision, feature_values::text AS feature_values"
                + " FROM features WHERE pair = $1 AND time = $2")
                .execute(Tuple.of(pair, OffsetDateTime.ofInstant(candle.end(), java.time.ZoneOffset.UTC)))
                .await().atMost(WAIT).iterator().next();
    }

    private long countRows(String pair) {
        return pool.preparedQuery("SELECT count(*) AS n FROM features WHERE pair = $1").execute(Tuple.of(pair))
                .await().atMost(WAIT).iterator().next().getLong("n");
    }
}
