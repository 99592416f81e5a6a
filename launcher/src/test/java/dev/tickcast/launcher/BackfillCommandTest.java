package dev.tickcast.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tickcast.contracts.EventTypes;
import dev.tickcast.contracts.cloudevents.Topics;
import dev.tickcast.contracts.json.Json;
import dev.tickcast.contracts.market.Trade;
import dev.tickcast.contracts.market.TradesBatch;
import dev.tickcast.marketdata.kraken.MockKrakenServer;
import dev.tickcast.stack.EmbeddedStack;
import picocli.CommandLine;

/** {@code ./tickcast backfill} end to end: a local Kraken, the shared embedded Kafka, three runs. */
class BackfillCommandTest {
    static final String DEFAULT_PAIR = "ETH/USD";

    @TempDir
    Path root;
    MockKrakenServer kraken;
    String previousRoot;

    @BeforeEach
    void setUp() {
        kraken = MockKrakenServer.start();
        kraken.restPageSize(500);
        previousRoot = System.setProperty("tickcast.root", root.toString());
    }

    @AfterEach
    void tearDown() {
        kraken.close();
        if (previousRoot == null) {
            System.clearProperty("tickcast.root");
        } else {
            System.setProperty("tickcast.root", previousRoot);
        }
    }

    @Test
    void publishesEachTradeOnceToTheBrokerTopicAcrossRuns() throws Exception {
        String bootstrap = EmbeddedStack.shared().kafkaBootstrapServers();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<Trade> older = kraken.trade(DEFAULT_PAIR, 100, now.minus(Duration.ofDays(3)), Duration.ofMinutes(1));
        List<Trade> window = kraken.trade(DEFAULT_PAIR, 1_200, now.minus(Duration.ofHours(44)), Duration.ofMinutes(2));
        assertThat(older.get(older.size() - 1).time()).isBefore(now.minus(Duration.ofDays(2)));
        String[] args = { "backfill", "--pair", "ETH-USD", "--days", "2", "--kraken-url", kraken.restUri().toString(),
                "--bootstrap", bootstrap, "--rate", "0" };

        try (BrokerTopic topic = new BrokerTopic(bootstrap)) {
            Run first = run(args);
            assertThat(first.exit()).isZero();
            List<ConsumerRecord<String, byte[]>> events = topic.newRecords();
            assertThat(tradesOf(events)).isEqualTo(window);
            assertThat(events).extracting(r -> header(r, "ce_id")).doesNotHaveDuplicates();
            assertThat(events).allSatisfy(r -> {
                assertThat(r.key()).isEqualTo(DEFAULT_PAIR);
                assertThat(header(r, "ce_type")).isEqualTo(EventTypes.TRADES);
                assertThat(header(r, "ce_source")).isEqualTo("/tickcast/ingest/kraken-rest");
            });
            assertThat(first.output()).contains("ETH/USD page 1: +500 trades (500 in all)", "backfilled 1,200 trades of ETH/USD in ");
            Path cursor = root.resolve(".tickcast/backfill/ETH-USD.cursor");
            assertThat(Files.readString(cursor)).contains("lastTradeId=" + window.get(window.size() - 1).id());

            Run second = run(args);
            assertThat(second.exit()).isZero();
            assertThat(second.output()).contains("ETH/USD: continuing after trade " + window.get(window.size() - 1).id(),
                    "nothing new on Kraken since the last backfill");
            assertThat(topic.newRecords()).isEmpty();

            List<Trade> newer = kraken.trade(DEFAULT_PAIR, 30, now.minus(Duration.ofMinutes(40)), Duration.ofMinutes(1));
            Run third = run(args);
            assertThat(third.exit()).isZero();
            assertThat(tradesOf(topic.newRecords())).isEqualTo(newer);
        }
    }

    record Run(int exit, String output) {
    }

    static Run run(String... args) {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            int exit = new CommandLine(new Tickcast()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
            return new Run(exit, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(stdout);
            stdout.print(captured.toString(StandardCharsets.UTF_8));
        }
    }

    static List<Trade> tradesOf(List<ConsumerRecord<String, byte[]>> records) throws Exception {
        List<Trade> trades = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            trades.addAll(Json.mapper().readValue(record.value(), TradesBatch.class).trades());
        }
        return trades;
    }

    static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    /** The broker topic read from where it ended when last asked: each call returns what was added since, in order. */
    static final class BrokerTopic implements AutoCloseable {
        private final KafkaConsumer<String, byte[]> consumer;
        private final List<TopicPartition> partitions = new ArrayList<>();

        BrokerTopic(String bootstrap) {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            consumer = new KafkaConsumer<>(props);
            consumer.partitionsFor(Topics.BROKER).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
        }

        List<ConsumerRecord<String, byte[]>> newRecords() {
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the broker topic did not deliver up to " + end);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (DEFAULT_PAIR.equals(r.key())) {
                        records.add(r);
                    }
                });
            }
            return records;
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
