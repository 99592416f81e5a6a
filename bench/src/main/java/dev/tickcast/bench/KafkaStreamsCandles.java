package dev.tickcast.bench;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.processor.TimestampExtractor;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tickcast.contracts.json.Json;

/**
 * What a Java user would write instead of the aggregate function: a Kafka Streams tumbling 1-minute window over
 * the same trades.v1 records, exact BigDecimal OHLCV, emitted once per window when it closes (grace = allowed
 * lateness). It has no carried-forward minutes, no revisions for late trades (they are dropped after grace) and
 * no trade-id deduplication: less work than aggregate does.
 */
final class KafkaStreamsCandles {

    /** The running aggregate of one window, serialized as JSON in the state store. */
    public static final class Ohlcv {
        public String open;
        public String high;
        public String low;
        public String close;
        public String volume = "0";
        public String notional = "0";
        public int count;

        Ohlcv add(JsonNode trade) {
            BigDecimal price = new BigDecimal(trade.get("price").asText());
            BigDecimal quantity = new BigDecimal(trade.get("quantity").asText());
            if (open == null) {
                open = high = low = price.toPlainString();
            }
            high = price.max(new BigDecimal(high)).toPlainString();
            low = price.min(new BigDecimal(low)).toPlainString();
            close = price.toPlainString();
            volume = new BigDecimal(volume).add(quantity).toPlainString();
            notional = new BigDecimal(notional).add(price.multiply(quantity)).toPlainString();
            count++;
            return this;
        }
    }

    /** Event time of a trades record: the {@code ce_time} header (its last trade). */
    public static final class CeTime implements TimestampExtractor {
        @Override
        public long extract(org.apache.kafka.clients.consumer.ConsumerRecord<Object, Object> record, long partitionTime) {
            var header = record.headers().lastHeader("ce_time");
            return header == null ? partitionTime : java.time.OffsetDateTime.parse(new String(header.value())).toInstant().toEpochMilli();
        }
    }

    static KafkaStreams start(String bootstrap, String tradesTopic, String candlesTopic, Duration grace, java.nio.file.Path stateDir) {
        Serde<Ohlcv> ohlcvSerde = Serdes.serdeFrom(
                (topic, value) -> write(value),
                (topic, bytes) -> read(bytes));
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(tradesTopic, Consumed.with(Serdes.String(), Serdes.ByteArray()).withTimestampExtractor(new CeTime()))
                .flatMap((pair, value) -> {
                    List<KeyValue<String, JsonNode>> trades = new ArrayList<>();
                    JsonNode batch = tree(value);
                    if (batch.has("trades")) {
                        batch.get("trades").forEach(t -> trades.add(KeyValue.pair(pair, t)));
                    }
                    return trades;
                })
                .groupByKey(Grouped.with(Serdes.String(), Serdes.serdeFrom((t, v) -> write(v), (t, b) -> tree(b))))
                .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMinutes(1), grace))
                .aggregate(Ohlcv::new, (pair, trade, ohlcv) -> ohlcv.add(trade),
                        Materialized.with(Serdes.String(), ohlcvSerde))
                .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()))
                .toStream((window, ohlcv) -> window.key() + "@" + Instant.ofEpochMilli(window.window().start()))
                .to(candlesTopic, Produced.with(Serdes.String(), ohlcvSerde));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench-streams-" + System.nanoTime());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        props.put("consumer.auto.offset.reset", "earliest");
        KafkaStreams streams = new KafkaStreams(builder.build(), props);
        streams.start();
        return streams;
    }

    private static JsonNode tree(byte[] bytes) {
        try {
            return Json.mapper().readTree(bytes);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] write(Object value) {
        try {
            return Json.mapper().writeValueAsBytes(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Ohlcv read(byte[] bytes) {
        try {
            return bytes == null ? null : Json.mapper().readValue(bytes, Ohlcv.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private KafkaStreamsCandles() {
    }
}
