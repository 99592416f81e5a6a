package dev.tickcast.marketdata;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.tickcast.contracts.cloudevents.BinaryMode;
import dev.tickcast.contracts.cloudevents.CloudEventEnvelope;
import dev.tickcast.contracts.cloudevents.Topics;
import dev.tickcast.contracts.market.Trade;

/**
 * Publishes trades to the broker topic as {@code trades.v1} batches ({@link TradeBatches}), paced at
 * {@code speed} times real time or as fast as Kafka takes them.
 */
public final class TradesPublisher implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final String source;

    public TradesPublisher(String bootstrapServers, String source) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        this.producer = new KafkaProducer<>(props);
        this.source = source;
    }

    /**
     * Publishes all trades; {@code speed} ≤ 0 means as fast as possible. Returns the number of trades sent.
     * Stops early, between batches, when the thread is interrupted.
     */
    public long publish(String pair, List<Trade> trades, double speed, PrintStream progress) throws InterruptedException {
        List<List<Trade>> batches = TradeBatches.perMinute(trades);
        long started = System.nanoTime();
        Instant firstEventTime = trades.isEmpty() ? null : trades.get(0).time();
        long sent = 0;
        int lastPercent = -1;
        AtomicReference<Exception> failed = new AtomicReference<>();
        for (List<Trade> batch : batches) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException();
            }
            rethrow(failed.get());
            if (speed > 0) {
                long dueNanos = (long) (Duration.between(firstEventTime, batch.get(0).time()).toNanos() / speed);
                long waitNanos = dueNanos - (System.nanoTime() - started);
                if (waitNanos > 0) {
                    Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
                }
            }
            CloudEventEnvelope event = TradeBatches.event(pair, source, batch);
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.BROKER, pair, event.data());
            BinaryMode.KAFKA.headers(event).forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
            producer.send(record, (metadata, failure) -> {
                if (failure != null) {
                    failed.compareAndSet(null, failure);
                }
            });
            sent += batch.size();
            int percent = (int) (100 * sent / trades.size());
            if (progress != null && percent / 10 != lastPercent / 10) {
                lastPercent = percent;
                progress.printf("trades: %,d/%,d published (%d%%), event time %s%n", sent, trades.size(), percent,
                        batch.get(batch.size() - 1).time());
            }
        }
        producer.flush();
        rethrow(failed.get());
        return sent;
    }

    /** Kafka gave up on a record (after its own retries): stop rather than leave a silent gap. */
    private static void rethrow(Exception failure) {
        if (failure != null) {
            throw new IllegalStateException("could not publish trades: " + failure.getMessage(), failure);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
