package dev.tickcast.train.function;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.tickcast.contracts.EventTypes;
import dev.tickcast.contracts.cloudevents.Topics;
import dev.tickcast.contracts.json.Json;
import dev.tickcast.contracts.model.TrainRequested;
import dev.tickcast.train.service.TrainJob;

/**
 * Training runs asked for through the broker ({@code train.requested.v1}, the api's authenticated admin action),
 * taken by the long-running train process ({@code ./tickcast up}; {@link TrainMain} starts this only in that mode,
 * so one-off {@code ./tickcast train} runs never take a request). One consumer group, {@code train-requests}: a
 * request is run once by one process, one at a time, and its offset is committed after its run, so a request whose
 * run was cut short by a crash is run again (at least once; a run is an ordinary one and the gate decides). A new
 * group starts at the end of the topic: requests made before train ever listened are not run.
 */
@ApplicationScoped
public class TrainRequests {
    private static final Logger LOG = Logger.getLogger(TrainRequests.class);
    static final String GROUP = "train-requests";

    @Inject
    TrainJob job;

    @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092")
    String bootstrapServers;

    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong handled = new AtomicLong();
    private final AtomicBoolean assigned = new AtomicBoolean();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    /** Starts listening in a thread of its own; {@code group} is {@link #GROUP} except in tests. */
    public synchronized void start(String group) {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
        // a run takes minutes; the group must not think the process died meanwhile
        props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, Long.toString(Duration.ofHours(2).toMillis()));
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        consumer = new KafkaConsumer<>(props);
        consumer.subscribe(List.of(Topics.BROKER), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                assigned.set(false);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                assigned.set(!partitions.isEmpty());
            }
        });
        thread = new Thread(this::loop, "train-requests");
        thread.setDaemon(true);
        thread.start();
        LOG.infof("train: taking train.requested.v1 from %s (group %s)", Topics.BROKER, group);
    }

    /** Whether the group has given this process its partitions (requests made from now on are taken). */
    public boolean listening() {
        return assigned.get();
    }

    /** Requests run so far (tests wait on it). */
    public long handled() {
        return handled.get();
    }

    private void loop() {
        try {
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    handle(record);
                    consumer.commitSync(Map.of(new TopicPartition(record.topic(), record.partition()),
                            new OffsetAndMetadata(record.offset() + 1)));
                }
            }
        } catch (WakeupException stopping) {
            // stop() woke the poll
        } catch (RuntimeException e) {
            LOG.errorf(e, "train: the request listener stopped: %s", e.getMessage());
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    void handle(ConsumerRecord<String, byte[]> record) {
        Header type = record.headers().lastHeader("ce_type");
        if (type == null || !EventTypes.TRAIN_REQUESTED.equals(new String(type.value(), StandardCharsets.UTF_8))) {
            return;
        }
        TrainRequested request;
        try {
            request = Json.mapper().readValue(record.value(), TrainRequested.class);
        } catch (Exception e) {
            // the contracts mapper names the field and the rule; a bad request is logged and skipped, not retried
            LOG.errorf("train: refused a train.requested.v1 at %s-%d@%d: %s", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return;
        }
        LOG.infof("train %s: requested by %s at %s", request.pair(), request.requestedBy(), request.requestedAt());
        try {
            TrainJob.Outcome outcome = job.train(request.pair(), request.from(), request.to(), LOG::info);
            LOG.infof("train %s: %s %s — %s", request.pair(), outcome.promoted() ? "promoted" : "rejected",
                    outcome.version(), outcome.reason());
        } catch (RuntimeException e) {
            LOG.warnf("train %s (requested) failed: %s", request.pair(), e.getMessage());
        }
        handled.incrementAndGet();
    }

    @PreDestroy
    void stop() {
        if (running.compareAndSet(true, false) && consumer != null) {
            consumer.wakeup();
            try {
                thread.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
