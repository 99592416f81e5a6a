package dev.tickcast.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tickcast.contracts.EventTypes;
import dev.tickcast.contracts.cloudevents.BinaryMode;
import dev.tickcast.contracts.cloudevents.CloudEventEnvelope;
import dev.tickcast.contracts.cloudevents.DeadLetter;
import dev.tickcast.contracts.cloudevents.Topics;
import dev.tickcast.stack.EmbeddedStack;

/**
 * {@code ./tickcast dead-letters} against the shared embedded Kafka: dead letters written as the Kafka binding writes
 * them (the event's own headers plus {@code DeadLetter.headersOn}), listed, filtered and redriven.
 */
class DeadLettersCommandTest {
    static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    String bootstrap;
    Instant since;

    /** A dead letter as written: the original record, where it landed on the dead-letter topic. */
    record Written(String id, String key, byte[] value, List<Header> originalHeaders, long offset) {
    }

    @BeforeEach
    void setUp() {
        bootstrap = EmbeddedStack.shared().kafkaBootstrapServers();
        // the dead-letter topic is shared by the tests of this JVM: each test reads only what it wrote from here on
        since = Instant.now().minusMillis(1);
    }

    @Test
    void listShowsEachLetterWithItsReasonAndFiltersByFunctionAndOffset() throws Exception {
        Written trades = deadLetter("aggregate/aggregate", EventTypes.TRADES, "BTC/USD", "trades[0].price [pattern]: bad");
        Written candle = deadLetter("featurize/featurize", EventTypes.CANDLE, "ETH/USD", "IllegalStateException: db down");

        BackfillCommandTest.Run all = BackfillCommandTest.run("dead-letters", "list", "--bootstrap", bootstrap, "--since",
                since.toString());
        assertThat(all.exit()).isZero();
        assertThat(all.output()).containsPattern(trades.offset() + " +\\S+ +aggregate/aggregate +dev.tickcast.trades.v1 +"
                + trades.id() + " +BTC/USD +trades\\[0\\].price \\[pattern\\]: bad");
        assertThat(all.output()).containsPattern(candle.offset() + " +\\S+ +featurize/featurize +dev.tickcast.candle.v1 +"
                + candle.id() + " +ETH/USD +IllegalStateException: db down");
        assertThat(all.output()).contains("2 dead letters");

        BackfillCommandTest.Run featurize = BackfillCommandTest.run("dead-letters", "list", "--bootstrap", bootstrap, "--since",
                since.toString(), "--function", "featurize");
        assertThat(featurize.output()).contains(candle.id(), "1 dead letter").doesNotContain(trades.id());

        BackfillCommandTest.Run byOffset = BackfillCommandTest.run("dead-letters", "list", "--bootstrap", bootstrap,
                "--offsets", Long.toString(trades.offset()));
        assertThat(byOffset.output()).contains(trades.id(), "1 dead letter").doesNotContain(candle.id());

        BackfillCommandTest.Run later = BackfillCommandTest.run("dead-letters", "list", "--bootstrap", bootstrap, "--since",
                Instant.now().plusSeconds(60).toString());
        assertThat(later.output()).contains("0 dead letters").doesNotContain(trades.id());
    }

    @Test
    void redriveSendsTheOriginalRecordsBackByteForByteAndOnlyTheSelectedOnes() throws Exception {
        Written first = deadLetter("aggregate/aggregate", EventTypes.TRADES, "BTC/USD", "retries ran out");
        Written other = deadLetter("featurize/featurize", EventTypes.CANDLE, "BTC/USD", "retries ran out");
        Written second = deadLetter("aggregate/aggregate", EventTypes.TRADES, "ETH/USD", "retries ran out");
        Set<String> ids = Set.of(first.id(), other.id(), second.id());

        try (BrokerTail broker = new BrokerTail(bootstrap)) {
            BackfillCommandTest.Run dry = BackfillCommandTest.run("dead-letters", "redrive", "--bootstrap", bootstrap,
                    "--since", since.toString(), "--function", "aggregate", "--dry-run");
            assertThat(dry.exit()).isZero();
            assertThat(dry.output()).contains(first.id(), second.id(), "dry run: would redrive 2 dead letters")
                    .doesNotContain(other.id());
            assertThat(broker.newRecords(ids)).isEmpty();

            BackfillCommandTest.Run redrive = BackfillCommandTest.run("dead-letters", "redrive", "--bootstrap", bootstrap,
                    "--since", since.toString(), "--function", "aggregate");
            assertThat(redrive.exit()).isZero();
            assertThat(redrive.output()).contains("redrove 2 dead letters to " + Topics.BROKER);
            Map<String, ConsumerRecord<byte[], byte[]>> redriven = broker.newRecords(ids);
            assertThat(redriven).containsOnlyKeys(first.id(), second.id());
            for (Written letter : List.of(first, second)) {
                ConsumerRecord<byte[], byte[]> record = redriven.get(letter.id());
                assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(letter.key());
                assertThat(record.value()).isEqualTo(letter.value());
                assertThat(headers(record)).isEqualTo(text(letter.originalHeaders()));
            }

            BackfillCommandTest.Run one = BackfillCommandTest.run("dead-letters", "redrive", "--bootstrap", bootstrap,
                    "--offsets", Long.toString(other.offset()));
            assertThat(one.output()).contains("redrove 1 dead letter to ");
            assertThat(broker.newRecords(ids)).containsOnlyKeys(other.id());
        }
    }

    @Test
    void badOffsetsAreRefusedNamingTheOptionAndTheRule() {
        java.io.StringWriter err = new java.io.StringWriter();
        int exit = new picocli.CommandLine(new Tickcast()).setErr(new java.io.PrintWriter(err, true))
                .execute("dead-letters", "list", "--bootstrap", bootstrap, "--offsets", "12,x");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--offsets: each must be an offset or partition:offset, got 'x'");
    }

    /** Writes a dead letter as {@code KafkaFunctionBinding} does: the event's headers, the reason added, key = partitionkey. */
    private Written deadLetter(String function, String type, String pair, String reason) throws Exception {
        String id = UUID.randomUUID().toString();
        byte[] data = ("{\"pair\":\"" + pair + "\",\"n\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8);
        CloudEventEnvelope event = CloudEventEnvelope.json(id, "/test", type, pair,
                OffsetDateTime.of(2013, 11, 25, 10, 0, 0, 0, ZoneOffset.UTC), TRACEPARENT, data);
        Map<String, String> original = BinaryMode.KAFKA.headers(event);
        Map<String, String> withReason = new DeadLetter(function, 500, reason, 4, Topics.BROKER + "/0/42")
                .headersOn(BinaryMode.KAFKA, original);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            List<Header> headers = new ArrayList<>();
            withReason.forEach((name, value) -> headers.add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8))));
            RecordMetadata sent = producer.send(new ProducerRecord<>(Topics.DEAD_LETTER, null, pair, data, headers)).get();
            List<Header> originalHeaders = new ArrayList<>();
            original.forEach((name, value) -> originalHeaders.add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8))));
            assertThat(sent.partition()).isZero();
            return new Written(id, pair, data, originalHeaders, sent.offset());
        }
    }

    private static List<String> headers(ConsumerRecord<byte[], byte[]> record) {
        List<Header> all = new ArrayList<>();
        record.headers().forEach(all::add);
        return text(all);
    }

    /** Headers as name=bytes(hex): equal lists are equal names, order and bytes. */
    private static List<String> text(List<Header> headers) {
        return headers.stream().map(h -> h.key() + "=" + java.util.HexFormat.of().formatHex(h.value())).toList();
    }

    /** The broker topic from where it ended when opened: each call returns the records with the given ids added since. */
    static final class BrokerTail implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final List<TopicPartition> partitions = new ArrayList<>();

        BrokerTail(String bootstrap) {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            consumer.partitionsFor(Topics.BROKER).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
        }

        Map<String, ConsumerRecord<byte[], byte[]>> newRecords(Set<String> ids) {
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<String, ConsumerRecord<byte[], byte[]>> records = new HashMap<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertThat(System.nanoTime()).as("the broker topic read up to %s", end).isLessThan(deadline);
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    Header id = r.headers().lastHeader("ce_id");
                    String value = id == null ? null : new String(id.value(), StandardCharsets.UTF_8);
                    if (ids.contains(value)) {
                        assertThat(records.put(value, r)).as("redriven once: " + value).isNull();
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
