package dev.tickcast.bench;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

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

import dev.tickcast.stack.FunctionProcess;
import dev.tickcast.contracts.EventTypes;
import dev.tickcast.contracts.cloudevents.BinaryMode;
import dev.tickcast.contracts.cloudevents.CloudEventEnvelope;
import dev.tickcast.contracts.cloudevents.EventIds;
import dev.tickcast.contracts.cloudevents.Topics;
import dev.tickcast.contracts.json.Json;
import dev.tickcast.contracts.market.Candle;
import dev.tickcast.stack.EmbeddedStack;
import dev.tickcast.stack.StackConfig;

/**
 * Start-to-first-event of a packaged function in plain JVM mode and with a JDK 25 AOT cache
 * ({@code -XX:AOTCacheOutput} in a training run, then {@code -XX:AOTCache}): the clock runs from launching the JVM,
 * with a candle.v1 event already waiting on the broker topic, to the function's reply record on the topic.
 * Usage: {@code bench/aot-startup.sh [function] [runs]} (default featurize, 5 runs each).
 */
public final class AotStartup {

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        String function = args.length > 1 ? args[1] : "featurize";
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Path jar = root.resolve("functions/" + function + "/target/quarkus-app/quarkus-run.jar");
        Path cache = Files.createTempDirectory("aot").resolve(function + ".aot");
        try (EmbeddedStack stack = EmbeddedStack.start(StackConfig.builder().build())) {
            Map<String, String> env = stack.environment();
            // training run: records the classes loaded and linked while starting and handling one event
            long training = firstEvent(jar, env, stack.kafkaBootstrapServers(), List.of("-XX:AOTCacheOutput=" + cache));
            System.out.printf("training run %d ms; AOT cache %s (%,d bytes)%n", training, cache, Files.size(cache));
            List<Long> plain = new ArrayList<>();
            List<Long> aot = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                plain.add(firstEvent(jar, env, stack.kafkaBootstrapServers(), List.of()));
                aot.add(firstEvent(jar, env, stack.kafkaBootstrapServers(), List.of("-XX:AOTCache=" + cache)));
            }
            System.out.println();
            System.out.println("| " + LocalDate.now() + " | " + function + " | mode | start to first reply, ms (each run) | median ms |");
            System.out.printf("| | | JVM | %s | %d |%n", plain, median(plain));
            System.out.printf("| | | JVM + AOT cache | %s | %d |%n", aot, median(aot));
        }
        System.exit(0);
    }

    /** Launches the function with a candle waiting for it and returns the ms until its reply is on the topic. */
    private static long firstEvent(Path jar, Map<String, String> env, String bootstrap, List<String> jvmFlags) throws Exception {
        String pair = "AOT" + Long.toString(System.nanoTime() % 100_000, 36).toUpperCase() + "/USD";
        Instant start = Instant.parse("2013-11-25T10:00:00Z");
        Candle candle = new Candle(pair, start, start.plusSeconds(60), new BigDecimal("800"), new BigDecimal("801"),
                new BigDecimal("799"), new BigDecimal("800.5"), new BigDecimal("1.5"), new BigDecimal("800.2"), 3, false, 0);
        CloudEventEnvelope event = CloudEventEnvelope.json(UUID.randomUUID().toString(), "bench", EventTypes.CANDLE, pair,
                candle.end().atOffset(ZoneOffset.UTC), null, Json.mapper().writeValueAsBytes(candle));
        publish(bootstrap, event);
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED"));
        command.addAll(jvmFlags);
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Files.createTempFile("aot-run", ".log").toFile());
        builder.environment().putAll(env);
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(FunctionProcess.freePort()));
        long launched = System.currentTimeMillis();
        Process process = builder.start();
        try {
            long replied = awaitReply(bootstrap, EventIds.reply(jarName(jar), event.id()));
            return replied - launched;
        } finally {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static String jarName(Path jar) {
        return jar.getParent().getParent().getParent().getFileName().toString();
    }

    private static void publish(String bootstrap, CloudEventEnvelope event) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.BROKER, event.partitionKey(), event.data());
            BinaryMode.KAFKA.headers(event).forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
            producer.send(record).get();
        }
    }

    /** The broker timestamp of the record whose ce_id is {@code id}. */
    private static long awaitReply(String bootstrap, String id) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.BROKER).stream()
                    .map(p -> new TopicPartition(Topics.BROKER, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    var header = record.headers().lastHeader("ce_id");
                    if (header != null && id.equals(new String(header.value(), StandardCharsets.UTF_8))) {
                        return record.timestamp();
                    }
                }
            }
        }
        throw new IllegalStateException("no reply " + id + " within 3 minutes");
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private AotStartup() {
    }
}
