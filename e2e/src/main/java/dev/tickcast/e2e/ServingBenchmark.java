package dev.tickcast.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tickcast.contracts.EventTypes;
import dev.tickcast.contracts.cloudevents.Topics;

/**
 * The serving benchmarks of docs/benchmarks.md, on the scenario of the end-to-end test:
 * <ol>
 * <li>candle close → prediction available: for every candle of the serving slice, the time from aggregate
 * publishing {@code candle.v1} to predict publishing {@code prediction.v1} for that minute (both Kafka record
 * timestamps, set by their producers on this machine's clock; predict publishes after the row is committed), and to
 * the prediction arriving on a WebSocket client of the api. The slice is replayed at 60× real time (one candle a
 * second), so the figures are per-candle latency, not a backlog draining;</li>
 * <li>{@code GET /api/v1/predictions/BTC-USD/latest}: requests per second and p50/p99 latency on loopback with wrk
 * (Debian's package), once the other functions are stopped.</li>
 * </ol>
 * Usage: {@code bench/serving.sh} (builds what is missing, then runs this with the project root as argument).
 */
public final class ServingBenchmark {
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        double speed = args.length > 1 ? Double.parseDouble(args[1]) : 60;
        Scenario scenario = new Scenario();
        try (Pipeline pipeline = Pipeline.start(root, List.of("api", "aggregate", "featurize", "predict"))) {
            String champion = scenario.trainAndPromote(pipeline, root.resolve("e2e/target/bench-logs"), System.out::println);
            try (Pipeline.StreamClient stream = pipeline.stream(Pipeline.PAIR)) {
                pipeline.await("the stream's subscription", Duration.ofSeconds(30),
                        () -> !stream.ofType("subscribed").isEmpty());
                Timestamp after = Timestamp.from(scenario.trainingEnd);
                System.out.printf("replaying %,d trades (%s of market time) at %.0fx%n", scenario.servingTrades.size(),
                        Scenario.SERVING, speed);
                pipeline.replay(scenario.servingTrades, speed);
                long rows = Scenario.closedMinutes(scenario.trainingTrades.get(0).time(),
                        scenario.servingTrades.get(scenario.servingTrades.size() - 1).time())
                        - Scenario.closedMinutes(scenario.trainingTrades.get(0).time(), scenario.trainingEnd);
                pipeline.await(rows + " predictions", Duration.ofMinutes(5), () -> pipeline.count(
                        "SELECT count(*) FROM predictions WHERE pair = ? AND features_time >= ?", Pipeline.PAIR, after) >= rows);
                pipeline.await("the WebSocket", Duration.ofMinutes(1),
                        () -> stream.ofType(EventTypes.PREDICTION).size() >= rows);

                Map<Instant, Instant> candleAt = new HashMap<>();
                Map<Instant, Instant> predictionAt = new HashMap<>();
                readBroker(pipeline, candleAt, predictionAt);
                List<Long> toPrediction = new ArrayList<>();
                List<Long> toWebSocket = new ArrayList<>();
                for (Pipeline.StreamClient.Message m : stream.messages()) {
                    if (!EventTypes.PREDICTION.equals(m.json().path("type").asText())) {
                        continue;
                    }
                    Instant t = Instant.parse(m.json().path("data").path("featuresTime").asText());
                    Instant closed = candleAt.get(t);
                    if (closed == null || t.isBefore(scenario.trainingEnd)) {
                        continue;
                    }
                    toPrediction.add(Duration.between(closed, predictionAt.get(t)).toMillis());
                    toWebSocket.add(Duration.between(closed, m.receivedAt()).toMillis());
                }
                System.out.println();
                System.out.printf("| %s | candle close → | n | p50 ms | p99 ms | max ms |%n", LocalDate.now());
                System.out.printf("| | prediction.v1 published (stored) | %d | %d | %d | %d |%n", toPrediction.size(),
                        percentile(toPrediction, 50), percentile(toPrediction, 99), percentile(toPrediction, 100));
                System.out.printf("| | prediction on the WebSocket | %d | %d | %d | %d |%n", toWebSocket.size(),
                        percentile(toWebSocket, 50), percentile(toWebSocket, 99), percentile(toWebSocket, 100));
                System.out.println("champion " + champion);
            }
            for (String name : List.of("predict", "featurize", "aggregate")) {
                pipeline.stop(name);
            }
            wrk(pipeline.function("api").uri("/api/v1/predictions/BTC-USD/latest").toString());
        }
        System.exit(0);
    }

    /** Producer timestamps of the first candle.v1 per candle end and of prediction.v1 per features time. */
    private static void readBroker(Pipeline pipeline, Map<Instant, Instant> candleAt, Map<Instant, Instant> predictionAt) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.stack().kafkaBootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.BROKER).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    Header type = record.headers().lastHeader("ce_type");
                    if (type == null) {
                        continue;
                    }
                    String t = new String(type.value(), StandardCharsets.UTF_8);
                    Instant at = Instant.ofEpochMilli(record.timestamp());
                    if (t.equals(EventTypes.CANDLE)) {
                        candleAt.putIfAbsent(Instant.parse(Pipeline.json(Pipeline.utf8(record.value())).path("end").asText()), at);
                    } else if (t.equals(EventTypes.PREDICTION)) {
                        JsonNode data = Pipeline.json(Pipeline.utf8(record.value()));
                        predictionAt.putIfAbsent(Instant.parse(data.path("featuresTime").asText()), at);
                    }
                }
            }
        }
    }

    private static long percentile(List<Long> values, int p) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> sorted = values.stream().sorted().toList();
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    /** wrk, 2 threads and 32 connections for 20 s after a 5 s warm-up; prints requests/s and p50/p99. */
    private static void wrk(String url) throws IOException, InterruptedException {
        run(List.of("wrk", "-t2", "-c32", "-d5s", url));
        List<String> output = run(List.of("wrk", "-t2", "-c32", "-d20s", "--latency", url));
        String text = String.join("\n", output);
        System.out.println(text);
        Matcher rps = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(text);
        Matcher p50 = Pattern.compile("\\s50%\\s+([0-9.]+\\w+)").matcher(text);
        Matcher p99 = Pattern.compile("\\s99%\\s+([0-9.]+\\w+)").matcher(text);
        Matcher non2xx = Pattern.compile("Non-2xx or 3xx responses: (\\d+)").matcher(text);
        System.out.printf("%n| %s | GET latest prediction, wrk -t2 -c32 -d20s | %s req/s | p50 %s | p99 %s | non-2xx %s |%n",
                LocalDate.now(), rps.find() ? rps.group(1) : "?", p50.find() ? p50.group(1) : "?",
                p99.find() ? p99.group(1) : "?", non2xx.find() ? non2xx.group(1) : "0");
    }

    private static List<String> run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                lines.add(line);
            }
        }
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + String.join("\n", lines));
        }
        return lines;
    }
}
