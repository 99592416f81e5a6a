package dev.tickcast.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import dev.tickcast.contracts.EventTypes;
import dev.tickcast.contracts.cloudevents.Topics;
import dev.tickcast.contracts.json.Json;
import dev.tickcast.contracts.news.NewsPoll;
import dev.tickcast.stack.EmbeddedStack;

class NewsPollScheduleTest {
    @Test
    void newsEveryTakesShortAndIsoDurationsAndOff() {
        NewsPollSchedule.Every every = new NewsPollSchedule.Every();
        assertThat(every.convert("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(every.convert("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(every.convert("PT2H")).isEqualTo(Duration.ofHours(2));
        assertThat(every.convert("off")).isZero();
        assertThatThrownBy(() -> every.convert("5 minutes")).hasMessageStartingWith("--news-every: must be a duration")
                .hasMessageEndingWith("got '5 minutes'");
        assertThatThrownBy(() -> every.convert("10ms")).hasMessageStartingWith("--news-every: must be a duration of at least 100ms");
    }

    @Test
    void ticksReachTheBrokerTopicAsValidNewsPollEvents() throws Exception {
        EmbeddedStack stack = EmbeddedStack.shared();
        Instant started = Instant.now().minusSeconds(1);
        try (NewsPollSchedule schedule = new NewsPollSchedule(stack.kafkaBootstrapServers(), Duration.ofMillis(300))) {
            schedule.start();
            List<ConsumerRecord<String, byte[]>> ticks = ticksSince(stack.kafkaBootstrapServers(), started, 3);

            assertThat(ticks).hasSizeGreaterThanOrEqualTo(3);
            Set<String> ids = new HashSet<>();
            for (ConsumerRecord<String, byte[]> tick : ticks) {
                Map<String, String> headers = headers(tick);
                assertThat(headers).containsEntry("ce_source", NewsPollSchedule.SOURCE).containsEntry("ce_specversion", "1.0");
                ids.add(headers.get("ce_id"));
                NewsPoll poll = Json.mapper().readValue(tick.value(), NewsPoll.class); // validates against the schema
                assertThat(poll.requestedAt()).isAfter(started);
                // the same instant; RFC 3339 text may drop trailing zeros of the fraction (.44Z for .440Z)
                assertThat(java.time.OffsetDateTime.parse(headers.get("ce_time")).toInstant()).isEqualTo(poll.requestedAt());
            }
            assertThat(ids).as("one id per tick").hasSize(ticks.size());
        }
    }

    @Test
    void offStartsNothing() {
        try (NewsPollSchedule schedule = new NewsPollSchedule("localhost:1", Duration.ZERO)) {
            assertThat(schedule.enabled()).isFalse();
            schedule.start(); // would fail to connect, were it to start a producer
        }
    }

    private static List<ConsumerRecord<String, byte[]>> ticksSince(String bootstrap, Instant since, int atLeast) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.BROKER).stream()
                    .map(p -> new TopicPartition(Topics.BROKER, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (found.size() < atLeast && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Map<String, String> headers = headers(record);
                    if (EventTypes.NEWS_POLL.equals(headers.get("ce_type")) && record.timestamp() >= since.toEpochMilli()) {
                        found.add(record);
                    }
                }
            }
        }
        return found;
    }

    private static Map<String, String> headers(ConsumerRecord<?, ?> record) {
        Map<String, String> headers = new java.util.TreeMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }
}
