package dev.tickcast.aggregate.function;

import static dev.tickcast.aggregate.function.AggregateTestSupport.candleRecords;
import static dev.tickcast.aggregate.function.AggregateTestSupport.progress;
import static dev.tickcast.aggregate.function.AggregateTestSupport.storedCandles;
import static dev.tickcast.aggregate.function.AggregateTestSupport.storedTrades;
import static dev.tickcast.aggregate.function.AggregateTestSupport.tradesEvent;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import dev.tickcast.aggregate.function.AggregateTestSupport.Progress;
import dev.tickcast.contracts.cloudevents.BinaryMode;
import dev.tickcast.contracts.cloudevents.CloudEventEnvelope;
import dev.tickcast.contracts.cloudevents.DeadLetter;
import dev.tickcast.contracts.cloudevents.Topics;
import dev.tickcast.contracts.market.Candle;
import dev.tickcast.runtime.testing.BrokerClient;
import dev.tickcast.runtime.testing.StackTestResource;
import dev.tickcast.stack.DeadLetterTopic;
import dev.tickcast.stack.EmbeddedStack;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * A dead-letter redrive restores the reference candles: a trades.v1 event that aggregate had given up on (written to the
 * dead-letter topic as the Kafka binding writes it) and redriven with {@code DeadLetterTopic}, the code of
 * {@code ./tickcast dead-letters redrive}, is aggregated into the hand-computed candles; redriven again, nothing changes.
 */
@QuarkusTest
@WithTestResource(value = StackTestResource.class, scope = TestResourceScope.GLOBAL)
class DeadLetterRedriveTest {
    static final String PAIR = "REDRIVE/USD";
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Inject
    Pool pool;

    @Test
    void aRedrivenTradesDeadLetterIsAggregatedIntoTheReferenceCandlesAndARepeatChangesNothing() throws Exception {
        String bootstrap = EmbeddedStack.shared().kafkaBootstrapServers();
        Instant since = Instant.now().minusMillis(1);
        CloudEventEnvelope event = tradesEvent(AggregateFunctionTest.createBatch(PAIR));
        try (BrokerClient broker = new BrokerClient(bootstrap)) {
            Map<String, String> headers = new DeadLetter("aggregate/aggregate", 500,
                    "CompletionException: connection to PostgreSQL refused", 4, Topics.BROKER + "/1/99")
                    .headersOn(BinaryMode.KAFKA, BinaryMode.KAFKA.headers(event));
            broker.publish(Topics.DEAD_LETTER, PAIR, headers, event.data());
            assertThat(storedCandles(pool, PAIR)).as("a dead letter is not handled").isEmpty();

            DeadLetterTopic deadLetters = new DeadLetterTopic(bootstrap);
            List<DeadLetterTopic.Letter> letters = deadLetters
                    .read(new DeadLetterTopic.Filter(Optional.of("aggregate"), Optional.of(since), Set.of())).stream()
                    .filter(letter -> event.id().equals(letter.id())).toList();
            assertThat(letters).hasSize(1);
            assertThat(letters.get(0).reason()).isEqualTo("CompletionException: connection to PostgreSQL refused");
            deadLetters.redrive(letters);

            List<ConsumerRecord<String, byte[]>> candles = candleRecords(broker, PAIR, 3, TIMEOUT);
            AggregateFunctionTest.assertCandleEvents(candles, AggregateFunctionTest.expectedCandles(PAIR));
            List<Candle> reference = AggregateFunctionTest.expectedCandles(PAIR).stream().map(AggregateTestSupport::normalized).toList();
            assertThat(storedCandles(pool, PAIR)).map(AggregateTestSupport::normalized).containsExactlyElementsOf(reference);
            Progress progress = progress(pool, PAIR);

            deadLetters.redrive(letters);
            awaitHandledTwice(broker, bootstrap, event.id());

            assertThat(storedCandles(pool, PAIR)).map(AggregateTestSupport::normalized).containsExactlyElementsOf(reference);
            assertThat(storedTrades(pool, PAIR)).isEqualTo(AggregateFunctionTest.createBatch(PAIR).trades().size());
            assertThat(progress(pool, PAIR)).isEqualTo(progress);
            assertThat(AggregateTestSupport.allCandleRecords(PAIR)).as("no candle is sent twice").hasSize(3);
        }
    }

    /** Until aggregate's consumer group has committed past the second redriven copy of the event. */
    private static void awaitHandledTwice(BrokerClient broker, String bootstrap, String id) throws Exception {
        List<ConsumerRecord<String, byte[]>> copies = broker.findAll(Topics.BROKER, BrokerClient.header("ce_id", id), 2, TIMEOUT);
        assertThat(copies).as("both redriven copies on the broker topic").hasSize(2);
        ConsumerRecord<String, byte[]> last = copies.get(1);
        TopicPartition partition = new TopicPartition(last.topic(), last.partition());
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (true) {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets("aggregate").partitionsToOffsetAndMetadata()
                        .get().get(partition);
                if (committed != null && committed.offset() > last.offset()) {
                    return;
                }
                assertThat(System.nanoTime()).as("aggregate committed past offset %d of %s", last.offset(), partition)
                        .isLessThan(deadline);
                Thread.sleep(100);
            }
        }
    }
}
