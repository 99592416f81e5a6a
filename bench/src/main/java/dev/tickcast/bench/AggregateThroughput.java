package dev.tickcast.bench;

import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;

import com.sun.net.httpserver.HttpServer;

import dev.tickcast.stack.FunctionProcess;
import dev.tickcast.contracts.EventTypes;
import dev.tickcast.contracts.cloudevents.BinaryMode;
import dev.tickcast.contracts.cloudevents.CloudEventEnvelope;
import dev.tickcast.contracts.market.Trade;
import dev.tickcast.marketdata.TradeBatches;
import dev.tickcast.marketdata.TradesFile;
import dev.tickcast.stack.EmbeddedStack;
import dev.tickcast.stack.StackConfig;

/**
 * Trades per second through the aggregate function on the Kafka binding and over HTTP, and through a Kafka
 * Streams tumbling-window aggregation of the same trades, in one run on one embedded stack. Usage:
 * {@code bench/aggregate-throughput.sh} (builds, then runs this with the repository root as argument).
 * <p>
 * Each mode gets the 100,000 real Bitstamp trades as the same trades.v1 batches (one per minute) under its own
 * pair, so the modes share nothing in the database. The clock runs from the first trades record sent to the last
 * candle out (its Kafka record timestamp, or its arrival at the stand-in broker ingress over HTTP).
 */
public final class AggregateThroughput {
    /** The JVM options the recorded figures were measured with. */
    private static final List<String> JVM = List.of("-Xmx1g");

    private static final Duration QUIET = Duration.ofSeconds(5);

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        List<Trade> trades = TradesFile.bitstamp();
        List<List<Trade>> batches = TradeBatches.perMinute(trades);
        System.out.printf("%,d trades in %,d trades.v1 batches%n", trades.size(), batches.size());
        try (EmbeddedStack stack = EmbeddedStack.start(StackConfig.builder().build())) {
            String bootstrap = stack.kafkaBootstrapServers();
            Result kafka = kafkaBinding(root, stack, bootstrap, batches, trades.size());
            Result http = httpBinding(root, stack, batches, trades.size());
            Result streams = kafkaStreams(bootstrap, batches, trades.size());
            System.out.println();
            System.out.println("| " + LocalDate.now() + " | mode | trades | candles out | seconds | trades/s |");
            for (Result r : List.of(kafka, http, streams)) {
                System.out.printf("| | %s | %,d | %,d | %.2f | %,.0f |%n", r.mode, r.trades, r.candles, r.seconds(), r.perSecond());
            }
            System.out.printf("aggregate on Kafka / Kafka Streams throughput ratio: %.2f%n", kafka.perSecond() / streams.perSecond());
            System.out.printf("aggregate over HTTP / Kafka Streams throughput ratio: %.2f%n", http.perSecond() / streams.perSecond());
        }
        System.exit(0);
    }

    record Result(String mode, int trades, int candles, long millis) {
        double seconds() {
            return millis / 1000.0;
        }

        double perSecond() {
            return trades / seconds();
        }
    }

    private static Result kafkaBinding(Path root, EmbeddedStack stack, String bootstrap, List<List<Trade>> batches,
            int tradeCount) throws Exception {
        String topic = "bench-aggregate-" + UUID.randomUUID();
        createTopic(bootstrap, topic, 4);
        createTopic(bootstrap, topic + "-dead-letter", 1);
        Map<String, String> env = new HashMap<>(stack.environment());
        env.put("TICKCAST_KAFKA_BINDING_TOPIC", topic);
        env.put("TICKCAST_KAFKA_BINDING_DEAD_LETTER_TOPIC", topic + "-dead-letter");
        String pair = "BK/USD";
        try (FunctionProcess aggregate = new FunctionProcess(root, "aggregate", env, JVM)) {
            long start = produce(bootstrap, topic, pair, batches);
            List<ConsumerRecord<String, byte[]>> candles = awaitQuiet(bootstrap, topic,
                    r -> EventTypes.CANDLE.equals(header(r, "ce_type")) && pair.equals(r.key()));
            long end = candles.stream().mapToLong(ConsumerRecord::timestamp).max().orElse(start);
            return new Result("aggregate, Kafka binding", tradeCount, candles.size(), end - start);
        }
    }

    private static Result httpBinding(Path root, EmbeddedStack stack, List<List<Trade>> batches, int tradeCount)
            throws Exception {
        AtomicInteger candles = new AtomicInteger();
        AtomicLong lastCandle = new AtomicLong();
        HttpServer ingress = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ingress.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            if (EventTypes.CANDLE.equals(exchange.getRequestHeaders().getFirst("ce-type"))) {
                candles.incrementAndGet();
                lastCandle.set(System.currentTimeMillis());
            }
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        ingress.start();
        Map<String, String> env = new HashMap<>(stack.environment());
        env.put("TICKCAST_KAFKA_BINDING_ENABLED", "false");
        env.put("TICKCAST_SINK_URL", "http://127.0.0.1:" + ingress.getAddress().getPort() + "/");
        String pair = "BH/USD";
        try (FunctionProcess aggregate = new FunctionProcess(root, "aggregate", env, JVM)) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            long start = System.currentTimeMillis();
            // as the Knative Kafka broker delivers with ordered delivery: one event of a partition key in flight
            for (List<Trade> batch : batches) {
                CloudEventEnvelope event = TradeBatches.event(pair, "bench", batch);
                HttpRequest.Builder request = HttpRequest.newBuilder(aggregate.uri("/"))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(event.data()));
                BinaryMode.HTTP.headers(event).forEach(request::header);
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() / 100 != 2) {
                    throw new IllegalStateException("aggregate answered " + response.statusCode() + ": " + response.body());
                }
            }
            int seen;
            do {
                seen = candles.get();
                Thread.sleep(QUIET.toMillis());
            } while (candles.get() != seen);
            return new Result("aggregate, HTTP binding (ordered, 1 in flight)", tradeCount, candles.get(), lastCandle.get() - start);
        } finally {
            ingress.stop(0);
        }
    }

    private static Result kafkaStreams(String bootstrap, List<List<Trade>> batches, int tradeCount) throws Exception {
        String topic = "bench-streams-" + UUID.randomUUID();
        String out = topic + "-candles";
        createTopic(bootstrap, topic, 4);
        createTopic(bootstrap, out, 4);
        Path state = Files.createTempDirectory("bench-streams");
        try (KafkaStreams streams = KafkaStreamsCandles.start(bootstrap, topic, out, Duration.ofSeconds(5), state)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (streams.state() != KafkaStreams.State.RUNNING && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            long start = produce(bootstrap, topic, "BS/USD", batches);
            AtomicLong end = new AtomicLong();
            // windows with trades that stream time closes: all but the last minute's
            int expected = (int) batches.stream().map(b -> b.get(0).time().truncatedTo(java.time.temporal.ChronoUnit.MINUTES))
                    .distinct().count() - 1;
            List<ConsumerRecord<String, byte[]>> candles = awaitQuiet(bootstrap, out, r -> true, expected, end);
            return new Result("Kafka Streams tumbling window (exactly-once v2)", tradeCount, candles.size(), end.get() - start);
        }
    }

    /** Sends every batch as a trades.v1 record of {@code pair}; returns the wall-clock time of the first send. */
    private static long produce(String bootstrap, String topic, String pair, List<List<Trade>> batches) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        List<CloudEventEnvelope> events = new ArrayList<>();
        batches.forEach(batch -> events.add(TradeBatches.event(pair, "bench", batch)));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            long start = System.currentTimeMillis();
            for (CloudEventEnvelope event : events) {
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, pair, event.data());
                BinaryMode.KAFKA.headers(event).forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
                producer.send(record);
            }
            producer.flush();
            return start;
        }
    }

    /** The matching records of a topic once no new one has arrived for {@link #QUIET}. */
    private static List<ConsumerRecord<String, byte[]>> awaitQuiet(String bootstrap, String topic,
            java.util.function.Predicate<ConsumerRecord<String, byte[]>> match) {
        return awaitQuiet(bootstrap, topic, match, Integer.MAX_VALUE, new AtomicLong());
    }

    /**
     * The matching records of a topic once {@code expected} have arrived, or none new for {@link #QUIET} (long
     * pauses of a slow consumer then end the wait early: give {@code expected} where it is known).
     * {@code lastArrival} gets the wall-clock time the last one was read (the records' own timestamps may be
     * event time, as Kafka Streams' window results are).
     */
    private static List<ConsumerRecord<String, byte[]>> awaitQuiet(String bootstrap, String topic,
            java.util.function.Predicate<ConsumerRecord<String, byte[]>> match, int expected, AtomicLong lastArrival) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long lastNew = System.nanoTime();
            Duration quiet = expected == Integer.MAX_VALUE ? QUIET : Duration.ofSeconds(60);
            while (found.size() < expected && (System.nanoTime() - lastNew < quiet.toNanos() || found.isEmpty())) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                    if (match.test(record)) {
                        found.add(record);
                        lastNew = System.nanoTime();
                        lastArrival.set(System.currentTimeMillis());
                    }
                }
            }
        }
        return found;
    }

    private static void createTopic(String bootstrap, String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private AggregateThroughput() {
    }
}
