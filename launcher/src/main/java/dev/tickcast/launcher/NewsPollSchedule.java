package dev.tickcast.launcher;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.tickcast.contracts.EventTypes;
import dev.tickcast.contracts.cloudevents.BinaryMode;
import dev.tickcast.contracts.cloudevents.CloudEventEnvelope;
import dev.tickcast.contracts.cloudevents.EventIds;
import dev.tickcast.contracts.cloudevents.Topics;
import dev.tickcast.contracts.json.Json;
import dev.tickcast.contracts.news.NewsPoll;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The embedded stack's stand-in for the cluster's news-poll PingSource: a {@code news.poll.v1} tick on the broker
 * topic now and then every {@code every}, with the source the cluster's EventTransform gives its ticks.
 */
final class NewsPollSchedule implements AutoCloseable {
    static final String SOURCE = "/tickcast/news-poll";

    private final String bootstrap;
    private final Duration every;
    private KafkaProducer<String, byte[]> producer;
    private ScheduledExecutorService timer;

    NewsPollSchedule(String bootstrap, Duration every) {
        this.bootstrap = bootstrap;
        this.every = every;
    }

    boolean enabled() {
        return !every.isZero();
    }

    /** Starts ticking (the first tick at once); does nothing when the schedule is off. */
    void start() {
        if (!enabled()) {
            return;
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producer = new KafkaProducer<>(props);
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tickcast-news-poll");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(this::tick, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tick() {
        CloudEventEnvelope tick = tick(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.BROKER, null, tick.data());
        BinaryMode.KAFKA.headers(tick).forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
        producer.send(record, (metadata, failure) -> {
            if (failure != null) {
                System.err.println("news-poll tick not published: " + failure.getMessage());
            }
        });
    }

    /** The tick of an instant: its id derives from it, so the same tick published twice is one event. */
    static CloudEventEnvelope tick(Instant at) {
        try {
            return CloudEventEnvelope.json(EventIds.derive("news-poll", at.toString()), SOURCE, EventTypes.NEWS_POLL, null,
                    at.atOffset(ZoneOffset.UTC), null, Json.mapper().writeValueAsBytes(new NewsPoll(at)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    /** {@code --news-every}: {@code 5m}, {@code 30s}, {@code 1h}, an ISO-8601 duration ({@code PT5M}), or {@code off}. */
    static final class Every implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String text = value.strip().toLowerCase(Locale.ROOT);
            if (text.equals("off") || text.equals("0")) {
                return Duration.ZERO;
            }
            return ShortDuration.parse(value).filter(d -> d.compareTo(Duration.ofMillis(100)) >= 0)
                    .orElseThrow(() -> new TypeConversionException("--news-every: must be a duration of at least 100ms like "
                            + "5m, 30s, 1h or PT5M, or off, got '" + value + "'"));
        }
    }
}
