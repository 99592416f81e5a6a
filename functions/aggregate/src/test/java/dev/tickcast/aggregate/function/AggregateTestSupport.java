package dev.tickcast.aggregate.function;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import dev.tickcast.contracts.EventTypes;
import dev.tickcast.contracts.cloudevents.CloudEventEnvelope;
import dev.tickcast.contracts.cloudevents.Topics;
import dev.tickcast.contracts.json.Json;
import dev.tickcast.contracts.market.Candle;
import dev.tickcast.contracts.market.TradesBatch;
import dev.tickcast.runtime.testing.BrokerClient;
import dev.tickcast.stack.EmbeddedStack;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** What the aggregate tests read back: candle.v1 records on the broker topic, the candles and progress stored. */
final class AggregateTestSupport {
    static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    static final Duration DB_TIMEOUT = Duration.ofSeconds(30);

    private AggregateTestSupport() {
    }

    static CloudEventEnvelope tradesEvent(TradesBatch batch) {
        try {
            return CloudEventEnvelope.json(UUID.randomUUID().toString(), "/test", EventTypes.TRADES, batch.pair(),
                    OffsetDateTime.ofInstant(batch.trades().get(batch.trades().size() - 1).time(),
                            java.time.ZoneOffset.UTC),
                    TRACEPARENT, Json.mapper().writeValueAsBytes(batch));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The candle.v1 records of a pair on the broker topic, in topic order (one partition per pair). */
    static List<ConsumerRecord<String, byte[]>> candleRecords(BrokerClient broker, String pair, int atLeast,
            Duration timeout) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>(broker.findAll(Topics.BROKER,
                BrokerClient.header("ce_type", EventTypes.CANDLE).and(BrokerClient.header("ce_subject", pair)),
                atLeast, timeout));
        records.sort(Comparator.comparingLong(ConsumerRecord::offset));
        return records;
    }

    /**
     * Every candle.v1 record of a pair on the broker topic now: the topic read from its beginning up to its end
     * offsets at the call, in topic order. Exact where the candles are known to be sent (after an HTTP answer, or once
     * the function marked them published).
     */
    static List<ConsumerRecord<String, byte[]>> allCandleRecords(String pair) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedStack.shared().kafkaBootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.BROKER).stream()
                    .map(p -> new TopicPartition(Topics.BROKER, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            var match = BrokerClient.header("ce_type", EventTypes.CANDLE).and(BrokerClient.header("ce_subject", pair));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the broker topic could not be read to its end " + ends + " in 60 s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))
                            && match.test(record)) {
                        records.add(record);
                    }
                });
            }
        }
        records.sort(Comparator.comparingLong(ConsumerRecord::offset));
        return records;
    }

    /**
     * Streams every candle.v1 record of a pair on the broker topic now (read to its end offsets at the call) and
     * checks that, in topic order, they equal {@code expected}: for series too long to hold as records.
     */
    static void assertCandleEventsEqual(String pair, List<Candle> expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedStack.shared().kafkaBootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        int[] seen = new int[1];
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            // a pair's events are on one partition (keyed by the pair, Kafka's default partitioner): topic order there
            // is send order, and the other partitions need not be read
            int count = consumer.partitionsFor(Topics.BROKER).size();
            List<TopicPartition> partitions = List.of(new TopicPartition(Topics.BROKER, BuiltInPartitioner
                    .partitionForKey(pair.getBytes(java.nio.charset.StandardCharsets.UTF_8), count)));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            var match = BrokerClient.header("ce_type", EventTypes.CANDLE).and(BrokerClient.header("ce_subject", pair));
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the broker topic could not be read to its end " + ends + " in 120 s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))
                            && match.test(record)) {
                        int i = seen[0]++;
                        if (i >= expected.size()) {
                            throw new AssertionError("candle.v1 event " + i + " of " + pair + " is one too many: "
                                    + candle(record));
                        }
                        if (!normalized(candle(record)).equals(normalized(expected.get(i)))) {
                            throw new AssertionError("candle.v1 event " + i + " of " + pair + ": expected "
                                    + expected.get(i) + ", got " + candle(record));
                        }
                    }
                });
            }
        }
        if (seen[0] != expected.size()) {
            throw new AssertionError(pair + ": " + seen[0] + " candle.v1 events, expected " + expected.size());
        }
    }

    /** The stored candles of a pair equal {@code expected} (in minute order), compared a page at a time. */
    static void assertStoredCandlesEqual(Pool pool, String pair, List<Candle> expected) {
        int page = 50_000;
        long stored = pool.preparedQuery("SELECT count(*) AS n FROM candles WHERE pair = $1").execute(Tuple.of(pair))
                .await().atMost(DB_TIMEOUT).iterator().next().getLong("n");
        if (stored != expected.size()) {
            throw new AssertionError(pair + ": " + stored + " stored candles, expected " + expected.size());
        }
        for (int from = 0; from < expected.size(); from += page) {
            List<Candle> part = expected.subList(from, Math.min(expected.size(), from + page));
            List<Candle> actual = storedCandles(pool, pair, part.get(0).start(), part.get(part.size() - 1).end());
            if (!actual.stream().map(AggregateTestSupport::normalized).toList()
                    .equals(part.stream().map(AggregateTestSupport::normalized).toList())) {
                for (int i = 0; i < part.size(); i++) {
                    if (i >= actual.size() || !normalized(actual.get(i)).equals(normalized(part.get(i)))) {
                        throw new AssertionError(pair + " candle " + (from + i) + ": expected " + part.get(i)
                                + ", stored " + (i < actual.size() ? actual.get(i) : "none"));
                    }
                }
            }
        }
    }

    static Candle candle(ConsumerRecord<String, byte[]> record) {
        try {
            return Json.mapper().readValue(record.value(), Candle.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The candle with every decimal in its shortest form: equal candles are equal records whatever the scales. */
    static Candle normalized(Candle c) {
        return new Candle(c.pair(), c.start(), c.end(), strip(c.open()), strip(c.high()), strip(c.low()),
                strip(c.close()), strip(c.volume()), strip(c.vwap()), c.tradeCount(), c.carriedForward(), c.revision());
    }

    static BigDecimal strip(BigDecimal value) {
        return value.stripTrailingZeros();
    }

    static List<Candle> storedCandles(Pool pool, String pair) {
        return storedCandles(pool, pair, Instant.parse("0001-01-01T00:00:00Z"), Instant.parse("9999-01-01T00:00:00Z"));
    }

    /** The stored candles of a pair whose minute starts in [from, until), in minute order. */
    static List<Candle> storedCandles(Pool pool, String pair, Instant from, Instant until) {
        List<Candle> candles = new ArrayList<>();
        for (Row row : pool.preparedQuery("""
                SELECT pair, start_time, end_time, open, high, low, close, volume, vwap, trade_count, carried_forward,
                       revision FROM candles WHERE pair = $1 AND start_time >= $2 AND start_time < $3
                ORDER BY start_time""").execute(Tuple.of(pair, from.atOffset(java.time.ZoneOffset.UTC),
                        until.atOffset(java.time.ZoneOffset.UTC)))
                .await().atMost(DB_TIMEOUT)) {
            candles.add(new Candle(row.getString("pair"), row.getOffsetDateTime("start_time").toInstant(),
                    row.getOffsetDateTime("end_time").toInstant(), row.getBigDecimal("open"), row.getBigDecimal("high"),
                    row.getBigDecimal("low"), row.getBigDecimal("close"), row.getBigDecimal("volume"),
                    row.getBigDecimal("vwap"), row.getInteger("trade_count"), row.getBoolean("carried_forward"),
                    row.getInteger("revision")));
        }
        return candles;
    }

    static long unpublished(Pool pool, String pair) {
        return pool.preparedQuery("SELECT count(*) AS n FROM candles WHERE pair = $1 AND NOT published")
                .execute(Tuple.of(pair)).await().atMost(DB_TIMEOUT).iterator().next().getLong("n");
    }

    static long storedTrades(Pool pool, String pair) {
        return pool.preparedQuery("SELECT count(*) AS n FROM trades WHERE pair = $1")
                .execute(Tuple.of(pair)).await().atMost(DB_TIMEOUT).iterator().next().getLong("n");
    }

    /** The pair's progress row: watermark, closed_until, late_trades; null when absent. */
    static Progress progress(Pool pool, String pair) {
        var rows = pool.preparedQuery("SELECT watermark, closed_until, late_trades FROM aggregate_progress WHERE pair = $1")
                .execute(Tuple.of(pair)).await().atMost(DB_TIMEOUT);
        if (rows.size() == 0) {
            return null;
        }
        Row row = rows.iterator().next();
        OffsetDateTime closed = row.getOffsetDateTime("closed_until");
        return new Progress(row.getOffsetDateTime("watermark").toInstant(), closed == null ? null : closed.toInstant(),
                row.getLong("late_trades"));
    }

    record Progress(Instant watermark, Instant closedUntil, long lateTrades) {
    }
}
