package dev.tickcast.stack;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

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

import dev.tickcast.contracts.cloudevents.Topics;

/**
 * The dead-letter topic, read and redriven. A dead letter is the original record (key, value, headers) plus the
 * reason: the {@code dead-letter-*} headers and {@code ce_knativeerror*} extensions the Kafka binding adds
 * ({@code DeadLetter.headersOn}), or only the extensions where a Knative KafkaSink wrote it in the cluster.
 * <p>
 * Redriving puts the original record back on the broker topic: the same key (so the same partition, in order with
 * the pair's other events), the same value bytes and the event's own headers, without the reason. Every handler is
 * idempotent by event id, so a letter redriven twice, or one that had been handled after all, changes nothing.
 */
public final class DeadLetterTopic {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    /**
     * One dead letter.
     *
     * @param time     when it was dead-lettered (the record's timestamp)
     * @param function who gave up on it: {@code <application>/<function>} as the binding writes it, or the
     *                 Knative subscriber's service name
     */
    public record Letter(int partition, long offset, Instant time, String function, String reason, String type, String id,
            String subject, byte[] key, byte[] value, List<Header> headers) {

        /** The offset as {@code list} shows it and {@code --offsets} takes it: the offset, {@code p:offset} beyond partition 0. */
        public String position() {
            return partition == 0 ? Long.toString(offset) : partition + ":" + offset;
        }

        /** The event's own headers: all but the reason ({@code dead-letter-*}, {@code ce_knativeerror*}), in order. */
        public List<Header> originalHeaders() {
            return headers.stream().filter(h -> !isReason(h.key())).toList();
        }
    }

    /**
     * Which letters: all of them when empty.
     *
     * @param function  the application ({@code aggregate}) or {@code application/function} that gave up
     * @param since     dead-lettered at or after
     * @param positions {@code offset} or {@code partition:offset}, as {@link Letter#position()} writes them
     */
    public record Filter(Optional<String> function, Optional<Instant> since, Set<String> positions) {
        public static final Filter ALL = new Filter(Optional.empty(), Optional.empty(), Set.of());

        public Filter {
            positions = Set.copyOf(positions.stream().map(Filter::canonical).toList());
        }

        boolean matches(Letter letter) {
            return function.map(f -> letter.function().equals(f) || letter.function().startsWith(f + "/")).orElse(true)
                    && since.map(s -> !letter.time().isBefore(s)).orElse(true)
                    && (positions.isEmpty() || positions.contains(letter.partition() + ":" + letter.offset()));
        }

        private static String canonical(String position) {
            String text = position.strip();
            String[] parts = text.split(":", -1);
            try {
                if (parts.length == 1) {
                    return "0:" + Long.parseLong(parts[0]);
                }
                if (parts.length == 2) {
                    return Integer.parseInt(parts[0]) + ":" + Long.parseLong(parts[1]);
                }
            } catch (NumberFormatException e) {
                // below
            }
            throw new IllegalArgumentException("offsets: each must be an offset or partition:offset, got '" + position + "'");
        }
    }

    private final String bootstrap;
    private final String topic;

    public DeadLetterTopic(String bootstrap) {
        this(bootstrap, Topics.DEAD_LETTER);
    }

    public DeadLetterTopic(String bootstrap, String topic) {
        this.bootstrap = bootstrap;
        this.topic = topic;
    }

    /** The matching letters on the topic now (up to its end offsets when called), oldest first per partition. */
    public List<Letter> read(Filter filter) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "tickcast-dead-letters");
        List<Letter> letters = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, READ_TIMEOUT).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            filter.since().ifPresent(since -> {
                // no need to read what was dead-lettered before: start at the first record at or after since
                Map<TopicPartition, Long> times = new HashMap<>();
                partitions.forEach(p -> times.put(p, since.toEpochMilli()));
                consumer.offsetsForTimes(times, READ_TIMEOUT).forEach((partition, found) -> {
                    if (found == null) {
                        consumer.seekToEnd(List.of(partition));
                    } else {
                        consumer.seek(partition, found.offset());
                    }
                });
            });
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, READ_TIMEOUT);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(topic + " on " + bootstrap + " could not be read to its end " + ends
                            + " in " + READ_TIMEOUT.toSeconds() + " s");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
                        Letter letter = letter(record);
                        if (filter.matches(letter)) {
                            letters.add(letter);
                        }
                    }
                }
            }
        }
        letters.sort(Comparator.comparingInt(Letter::partition).thenComparingLong(Letter::offset));
        return letters;
    }

    /**
     * Puts each letter's original record back on the broker topic, in the given order, and waits until Kafka has them
     * all (acks=all, idempotent producer).
     */
    public void redrive(List<Letter> letters) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "tickcast-dead-letter-redrive");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (Letter letter : letters) {
                sent.add(producer.send(new ProducerRecord<>(Topics.BROKER, null, letter.key(), letter.value(),
                        letter.originalHeaders())));
            }
            for (Future<RecordMetadata> each : sent) {
                each.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("redriving to " + Topics.BROKER + " on " + bootstrap + " failed: " + e.getCause(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while redriving", e);
        }
    }

    static boolean isReason(String header) {
        String name = header.toLowerCase(Locale.ROOT);
        return name.startsWith("dead-letter-") || name.startsWith("ce_knativeerror");
    }

    private static Letter letter(ConsumerRecord<byte[], byte[]> record) {
        List<Header> headers = new ArrayList<>();
        Map<String, String> text = new HashMap<>();
        for (Header header : record.headers()) {
            headers.add(new RecordHeader(header.key(), header.value()));
            text.put(header.key().toLowerCase(Locale.ROOT), header.value() == null ? null
                    : new String(header.value(), StandardCharsets.UTF_8));
        }
        return new Letter(record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()), function(text),
                reason(text), text.get("ce_type"), text.get("ce_id"), text.get("ce_subject"), record.key(), record.value(),
                List.copyOf(headers));
    }

    /** The binding's {@code dead-letter-function}, else the host of Knative's {@code knativeerrordest} (the service). */
    private static String function(Map<String, String> headers) {
        String function = headers.get("dead-letter-function");
        if (function != null) {
            return function;
        }
        String destination = headers.get("ce_knativeerrordest");
        if (destination != null) {
            try {
                String host = java.net.URI.create(destination).getHost();
                if (host != null) {
                    return host.split("\\.")[0];
                }
            } catch (IllegalArgumentException e) {
                return destination;
            }
        }
        return "?";
    }

    /** The binding's {@code dead-letter-reason}, else Knative's {@code knativeerrorcode} and decoded {@code knativeerrordata}. */
    private static String reason(Map<String, String> headers) {
        String reason = headers.get("dead-letter-reason");
        if (reason != null) {
            return reason;
        }
        String code = headers.get("ce_knativeerrorcode");
        String data = headers.get("ce_knativeerrordata");
        if (data != null) {
            try {
                data = new String(Base64.getDecoder().decode(data), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException notBase64) {
                // older Knative versions wrote the body as it was
            }
        }
        return code == null && data == null ? "?" : (code == null ? "" : "HTTP " + code + (data == null ? "" : ": ")) + (data == null ? "" : data);
    }
}
