package dev.tickcast.aggregate.function;

import static dev.tickcast.aggregate.function.AggregateTestSupport.candle;
import static dev.tickcast.aggregate.function.AggregateTestSupport.allCandleRecords;
import static dev.tickcast.aggregate.function.AggregateTestSupport.normalized;
import static dev.tickcast.aggregate.function.AggregateTestSupport.progress;
import static dev.tickcast.aggregate.function.AggregateTestSupport.storedCandles;
import static dev.tickcast.aggregate.function.AggregateTestSupport.storedTrades;
import static dev.tickcast.aggregate.function.AggregateTestSupport.unpublished;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tickcast.aggregate.config.AggregateConfig;
import dev.tickcast.aggregate.domain.CandleWindow;
import dev.tickcast.contracts.cloudevents.BinaryMode;
import dev.tickcast.contracts.cloudevents.CloudEventEnvelope;
import dev.tickcast.contracts.cloudevents.Topics;
import dev.tickcast.contracts.market.Candle;
import dev.tickcast.contracts.market.Trade;
import dev.tickcast.marketdata.TradeBatches;
import dev.tickcast.marketdata.TradesFile;
import dev.tickcast.runtime.testing.StackTestResource;
import dev.tickcast.stack.EmbeddedStack;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

/** The whole real Bitstamp file through the function on the Kafka binding, compared with the CSV aggregated here. */
@QuarkusTest
@WithTestResource(value = StackTestResource.class, scope = TestResourceScope.GLOBAL)
class BitstampReplayTest {
    static final String SOURCE = "file:bitstamp";
    static final Duration REPLAY_TIMEOUT = Duration.ofMinutes(5);

    static BitstampCsv csv;
    static List<List<Trade>> batches;

    @Inject
    Pool pool;

    @Inject
    AggregateConfig config;

    @ConfigProperty(name = "quarkus.application.name")
    String group;

    @BeforeAll
    static void readTheFile() {
        csv = BitstampCsv.read();
        batches = TradeBatches.perMinute(TradesFile.bitstamp());
    }

    @Test
    void everyClosedMinuteOfTheRealFileEqualsTheCsvAggregatedIndependently() {
        String pair = "BTCONE/USD";
        List<CloudEventEnvelope> events = batches.stream().map(b -> TradeBatches.event(pair, SOURCE, b)).toList();

        replay(pair, events);

        List<Candle> expected = expectedCandles(pair);
        assertThat(storedCandles(pool, pair)).map(AggregateTestSupport::normalized).containsExactlyElementsOf(expected);
        assertThat(storedTrades(pool, pair)).isEqualTo(csv.rows);
        assertThat(progress(pool, pair).lateTrades()).isZero();
        assertThat(progress(pool, pair).watermark()).isEqualTo(Instant.ofEpochSecond(csv.lastSecond));
        assertOneEventPerCandle(allCandleRecords(pair), expected);
    }

    @Test
    void everyTradesEventDeliveredTwiceGivesTheSameCandlesAndOneCandleEventPerMinuteAndRevision() {
        String pair = "BTCTWO/USD";
        List<CloudEventEnvelope> once = batches.stream().map(b -> TradeBatches.event(pair, SOURCE, b)).toList();
        // e0, e1, e0, e2, e1, …: each copy arrives after the next event has moved event time on
        List<CloudEventEnvelope> twice = new ArrayList<>();
        for (int i = 0; i < once.size(); i++) {
            twice.add(once.get(i));
            if (i > 0) {
                twice.add(once.get(i - 1));
            }
        }
        twice.add(once.get(once.size() - 1));
        assertThat(twice).hasSize(2 * once.size());

        replay(pair, twice);
        awaitConsumed(); // the trailing copies too, which change nothing one could wait for

        List<Candle> expected = expectedCandles(pair);
        assertThat(storedCandles(pool, pair)).map(AggregateTestSupport::normalized).containsExactlyElementsOf(expected);
        assertThat(storedTrades(pool, pair)).isEqualTo(csv.rows);
        assertThat(progress(pool, pair).lateTrades()).isZero();
        assertOneEventPerCandle(allCandleRecords(pair), expected);
    }

    /** The CSV's candles up to the end of the last minute the closing rule has closed at the file's last trade. */
    List<Candle> expectedCandles(String pair) {
        Instant closedUntil = expectedClosedUntil();
        List<Candle> expected = csv.candles(pair, closedUntil).stream().map(AggregateTestSupport::normalized).toList();
        // the file has gaps: the comparison covers carried-forward minutes, and stops before the open minute(s)
        assertThat(expected).filteredOn(Candle::carriedForward).hasSizeGreaterThan(100);
        assertThat(csv.minutes.lastKey()).isGreaterThanOrEqualTo(closedUntil.getEpochSecond());
        return expected;
    }

    Instant expectedClosedUntil() {
        Instant watermark = Instant.ofEpochSecond(csv.lastSecond);
        return CandleWindow.startOf(watermark.minus(config.allowedLateness()));
    }

    /** Publishes the events with a plain producer and waits until every closable minute is closed and published. */
    void replay(String pair, List<CloudEventEnvelope> events) {
        long t0 = System.nanoTime();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedStack.shared().kafkaBootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            for (CloudEventEnvelope event : events) {
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.BROKER, event.partitionKey(),
                        event.data());
                BinaryMode.KAFKA.headers(event).forEach((name, value) -> record.headers().add(name,
                        value.getBytes(StandardCharsets.UTF_8)));
                producer.send(record);
            }
            producer.flush();
        }
        long published = System.nanoTime();
        Instant closedUntil = expectedClosedUntil();
        Awaitility.await().atMost(REPLAY_TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() -> {
            var progress = progress(pool, pair);
            return progress != null && closedUntil.equals(progress.closedUntil()) && unpublished(pool, pair) == 0;
        });
        System.out.printf("replay of %d trades events for %s: published in %d ms, aggregated and emitted in %d ms%n",
                events.size(), pair, (published - t0) / 1_000_000, (System.nanoTime() - t0) / 1_000_000);
    }

    /** Waits until the function's consumer group has committed every record of the broker topic. */
    void awaitConsumed() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedStack.shared().kafkaBootstrapServers());
        try (Admin admin = Admin.create(props)) {
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get();
                Set<TopicPartition> partitions = admin.describeTopics(List.of(Topics.BROKER)).allTopicNames().get()
                        .get(Topics.BROKER).partitions().stream()
                        .map(p -> new TopicPartition(Topics.BROKER, p.partition())).collect(Collectors.toSet());
                var ends = admin.listOffsets(partitions.stream()
                        .collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest()))).all().get();
                // a partition the group never read from has no committed offset: fine when it is empty
                return partitions.stream().allMatch(p -> (committed.get(p) == null ? 0 : committed.get(p).offset())
                        >= ends.get(p).offset());
            });
        }
    }

    static void assertOneEventPerCandle(List<ConsumerRecord<String, byte[]>> records, List<Candle> expected) {
        Map<String, Long> perMinuteAndRevision = records.stream().map(AggregateTestSupport::candle)
                .collect(Collectors.groupingBy(c -> c.start() + "#" + c.revision(), TreeMap::new, Collectors.counting()));
        assertThat(perMinuteAndRevision.values()).as("candle.v1 events per (minute, revision)").containsOnly(1L);
        assertThat(records).hasSize(expected.size());
        assertThat(records.stream().map(r -> normalized(candle(r))).toList()).containsExactlyElementsOf(expected);
    }
}
