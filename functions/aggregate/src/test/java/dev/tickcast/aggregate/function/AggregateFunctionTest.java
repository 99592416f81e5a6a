package dev.tickcast.aggregate.function;

import static dev.tickcast.aggregate.function.AggregateTestSupport.TRACEPARENT;
import static dev.tickcast.aggregate.function.AggregateTestSupport.allCandleRecords;
import static dev.tickcast.aggregate.function.AggregateTestSupport.candle;
import static dev.tickcast.aggregate.function.AggregateTestSupport.candleRecords;
import static dev.tickcast.aggregate.function.AggregateTestSupport.normalized;
import static dev.tickcast.aggregate.function.AggregateTestSupport.progress;
import static dev.tickcast.aggregate.function.AggregateTestSupport.storedCandles;
import static dev.tickcast.aggregate.function.AggregateTestSupport.storedTrades;
import static dev.tickcast.aggregate.function.AggregateTestSupport.tradesEvent;
import static dev.tickcast.aggregate.function.AggregateTestSupport.unpublished;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.tickcast.aggregate.function.AggregateTestSupport.Progress;
import dev.tickcast.aggregate.service.CandleAggregation;
import dev.tickcast.contracts.EventFixtures;
import dev.tickcast.contracts.EventTypes;
import dev.tickcast.contracts.cloudevents.BinaryMode;
import dev.tickcast.contracts.cloudevents.CloudEventEnvelope;
import dev.tickcast.contracts.cloudevents.EventIds;
import dev.tickcast.contracts.cloudevents.Topics;
import dev.tickcast.contracts.market.Candle;
import dev.tickcast.contracts.market.Trade;
import dev.tickcast.contracts.market.TradesBatch;
import dev.tickcast.runtime.testing.BrokerClient;
import dev.tickcast.runtime.testing.StackTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

@QuarkusTest
@WithTestResource(value = StackTestResource.class, scope = TestResourceScope.GLOBAL)
class AggregateFunctionTest {
    static final Instant M15 = EventFixtures.DEFAULT_MINUTE; // 10:15
    static final Instant M16 = M15.plusSeconds(60);
    static final Instant M17 = M15.plusSeconds(120);
    static final Instant M18 = M15.plusSeconds(180);
    static final Duration EVENTS_TIMEOUT = Duration.ofSeconds(30);

    @Inject
    Pool pool;

    @Inject
    CandleAggregation aggregation;

    /**
     * 10:15 three trades (the fixture's), 10:16 none, 10:17 two in the same second (the dust one last), 10:18:05 one:
     * with 5 s allowed lateness the watermark 10:18:05 closes 10:15, 10:16 (carried forward) and 10:17.
     */
    static TradesBatch createBatch(String pair) {
        List<Trade> trades = new ArrayList<>(EventFixtures.createTradesBatch().trades());
        trades.add(new Trade("t-4", M17.plusSeconds(30), new BigDecimal("806"), new BigDecimal("2"), null));
        trades.add(new Trade("t-5", M17.plusSeconds(30), new BigDecimal("805.5"), new BigDecimal("0.000000000000"), null));
        trades.add(new Trade("t-6", M18.plusSeconds(5), new BigDecimal("807"), new BigDecimal("1"), null));
        return new TradesBatch(pair, "test", trades);
    }

    /** The expected candles of {@link #createBatch}, computed here by hand. */
    static List<Candle> expectedCandles(String pair) {
        BigDecimal high = EventFixtures.DEFAULT_PRICE;
        BigDecimal notional = new BigDecimal("805.10").multiply(new BigDecimal("0.01"))
                .add(high.multiply(new BigDecimal("1.5"))).add(new BigDecimal("804.99").multiply(new BigDecimal("0.00000001")));
        BigDecimal volume = new BigDecimal("1.51000001");
        BigDecimal close = new BigDecimal("804.99");
        return List.of(
                new Candle(pair, M15, M16, new BigDecimal("805.10"), high, close, close, volume,
                        notional.divide(volume, 12, RoundingMode.HALF_EVEN), 3, false, 0),
                new Candle(pair, M16, M17, close, close, close, close, BigDecimal.ZERO, close, 0, true, 0),
                new Candle(pair, M17, M18, new BigDecimal("806"), new BigDecimal("806"), new BigDecimal("805.5"),
                        new BigDecimal("805.5"), new BigDecimal("2"), new BigDecimal("806"), 2, false, 0));
    }

    @Test
    void aTradesEventOverHttpGets204AndItsClosedMinutesIncludingACarriedForwardOneGoToTheBroker() {
        String pair = "HTTP/USD";
        CloudEventEnvelope event = tradesEvent(createBatch(pair));

        given().headers(BinaryMode.HTTP.headers(event)).body(event.data()).post("/").then().statusCode(204);

        assertCandleEvents(allCandleRecords(pair), expectedCandles(pair));
        assertThat(storedCandles(pool, pair)).map(AggregateTestSupport::normalized)
                .containsExactlyElementsOf(expectedCandles(pair).stream().map(AggregateTestSupport::normalized).toList());
        assertThat(unpublished(pool, pair)).isZero();
        assertThat(progress(pool, pair)).isEqualTo(new Progress(M18.plusSeconds(5), M18, 0));
    }

    @Test
    void theSameTradesOverKafkaGiveTheSameCandles() {
        String pair = "KAFKA/USD";
        try (BrokerClient broker = new BrokerClient()) {
            broker.publish(tradesEvent(createBatch(pair)));

            List<ConsumerRecord<String, byte[]>> records = candleRecords(broker, pair, 3, EVENTS_TIMEOUT);
            assertCandleEvents(records, expectedCandles(pair));
        }
        assertThat(progress(pool, pair)).isEqualTo(new Progress(M18.plusSeconds(5), M18, 0));
    }

    @Test
    void aLateTradeIsStoredCountedAndRevisesItsMinuteAndTheCarriedForwardMinuteAfterIt() {
        String pair = "LATE/USD";
        post(tradesEvent(createBatch(pair)));
        // 10:15:59, the instant of 10:15's close, arrives after 10:15 closed: it becomes the close (arrival order)
        CloudEventEnvelope late = tradesEvent(new TradesBatch(pair, "test", List.of(
                new Trade("t-7", M15.plusSeconds(59), new BigDecimal("805.00"), new BigDecimal("0.5"), null),
                new Trade("t-8", M18.plusSeconds(30), new BigDecimal("808"), new BigDecimal("1"), null))));
        post(late);

        BigDecimal close = new BigDecimal("805.00");
        List<Candle> first = expectedCandles(pair);
        Candle m15 = first.get(0);
        BigDecimal notional = new BigDecimal("805.10").multiply(new BigDecimal("0.01"))
                .add(EventFixtures.DEFAULT_PRICE.multiply(new BigDecimal("1.5")))
                .add(new BigDecimal("804.99").multiply(new BigDecimal("0.00000001")))
                .add(close.multiply(new BigDecimal("0.5")));
        BigDecimal volume = new BigDecimal("2.01000001");
        List<Candle> revised = List.of(
                new Candle(pair, M15, M16, m15.open(), m15.high(), m15.low(), close, volume,
                        notional.divide(volume, 12, RoundingMode.HALF_EVEN), 4, false, 1),
                new Candle(pair, M16, M17, close, close, close, close, BigDecimal.ZERO, close, 0, true, 1));

        // over HTTP the candles are on the broker when the answer comes
        List<ConsumerRecord<String, byte[]>> records = allCandleRecords(pair);
        assertThat(records).hasSize(5);
        assertCandleEvents(records.subList(0, 3), first);
        assertCandleEvents(records.subList(3, 5), revised);
        assertThat(progress(pool, pair)).isEqualTo(new Progress(M18.plusSeconds(30), M18, 1));
        assertThat(storedTrades(pool, pair)).isEqualTo(8);
        assertThat(storedCandles(pool, pair)).map(AggregateTestSupport::normalized).containsExactly(
                normalized(revised.get(0)), normalized(revised.get(1)), normalized(first.get(2)));

        // the same late event again: already stored, so neither late again nor a new revision
        post(late);
        assertThat(allCandleRecords(pair)).hasSize(5);
        assertThat(progress(pool, pair).lateTrades()).isEqualTo(1);
        assertThat(storedTrades(pool, pair)).isEqualTo(8);
    }

    @Test
    void candlesCommittedButNeverSentGoOutWithTheNextDeliveryOfThePair() {
        String pair = "CRASH/USD";
        TradesBatch batch = createBatch(pair);
        // the batch's transaction commits, then the function dies before sending: aggregate() without the rest
        boolean pending = aggregation.aggregate(batch).await().atMost(AggregateTestSupport.DB_TIMEOUT);
        assertThat(pending).isFalse();
        assertThat(unpublished(pool, pair)).isEqualTo(3);
        assertThat(allCandleRecords(pair)).isEmpty();

        post(tradesEvent(batch)); // the redelivery: its trades are duplicates, the candles still wait to be sent

        assertCandleEvents(allCandleRecords(pair), expectedCandles(pair));
        assertThat(unpublished(pool, pair)).isZero();
        assertThat(progress(pool, pair)).isEqualTo(new Progress(M18.plusSeconds(5), M18, 0));
    }

    @Test
    void aTradesEventWithoutDataOnKafkaIsDeadLetteredAtOnceNamingTheField() {
        CloudEventEnvelope event = tradesEvent(createBatch("EMPTY/USD"));
        try (BrokerClient broker = new BrokerClient()) {
            broker.publish(Topics.BROKER, event.partitionKey(), BinaryMode.KAFKA.headers(event), new byte[0]);

            ConsumerRecord<String, byte[]> dead = broker.find(Topics.DEAD_LETTER, BrokerClient.header("ce_id", event.id()),
                    EVENTS_TIMEOUT).orElseThrow(() -> new AssertionError("no dead letter for " + event.id()));
            assertThat(BrokerClient.headers(dead))
                    // refused by the runtime before the function runs (attempts 0), naming the field and the rule
                    .containsEntry("dead-letter-attempts", "0")
                    .hasEntrySatisfying("dead-letter-reason",
                            reason -> assertThat(reason).contains("data [required]: the dev.tickcast.trades.v1 event has no data"));
        }
        assertThat(progress(pool, "EMPTY/USD")).isNull();
    }

    private static void post(CloudEventEnvelope event) {
        given().headers(BinaryMode.HTTP.headers(event)).body(event.data()).post("/").then().statusCode(204);
    }

    /** Records in topic order equal the candles, as candle.v1 events of the pair with derived ids. */
    static void assertCandleEvents(List<ConsumerRecord<String, byte[]>> records, List<Candle> expected) {
        assertThat(records).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            Candle candle = expected.get(i);
            ConsumerRecord<String, byte[]> record = records.get(i);
            Map<String, String> headers = BrokerClient.headers(record);
            assertThat(normalized(candle(record))).as("candle %d", i).isEqualTo(normalized(candle));
            assertThat(headers).containsEntry("ce_id",
                    EventIds.derive("candle", candle.pair(), candle.start().toString(), Integer.toString(candle.revision())))
                    .containsEntry("ce_type", EventTypes.CANDLE)
                    .containsEntry("ce_source", "aggregate")
                    .containsEntry("ce_subject", candle.pair())
                    .containsEntry("ce_partitionkey", candle.pair())
                    .containsEntry("ce_traceparent", TRACEPARENT);
            assertThat(OffsetDateTime.parse(headers.get("ce_time")).toInstant()).isEqualTo(candle.end());
            assertThat(record.key()).isEqualTo(candle.pair());
        }
    }
}
