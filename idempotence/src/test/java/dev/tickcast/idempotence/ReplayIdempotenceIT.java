package dev.tickcast.idempotence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import dev.tickcast.contracts.EventTypes;
import dev.tickcast.contracts.cloudevents.BinaryMode;
import dev.tickcast.contracts.cloudevents.CloudEventEnvelope;
import dev.tickcast.contracts.cloudevents.Topics;
import dev.tickcast.contracts.json.Json;
import dev.tickcast.contracts.market.Candle;
import dev.tickcast.contracts.market.Trade;
import dev.tickcast.marketdata.TradeBatches;
import dev.tickcast.marketdata.TradesFile;
import dev.tickcast.stack.EmbeddedStack;
import dev.tickcast.stack.StackConfig;

/**
 * Issue 3, "What must be shown": replaying with every trades event delivered twice, and again with aggregate
 * stopped and restarted several times mid-replay, yields identical candles and features. Issue 12 adds PostgreSQL
 * stopped for 30 s mid-replay (identical again, nothing dead-lettered) and one dead letter per bad record across the
 * consumer groups.
 * <p>
 * The packaged aggregate and featurize jars run as child JVMs on one embedded stack (Kafka, PostgreSQL with the
 * migrations, S3), each on the Kafka binding, exactly as {@code ./tickcast up} runs them. The same slice of the real
 * Bitstamp file is replayed three times under three pairs, so the runs share the stack but no rows:
 * <ul>
 * <li>{@value #REFERENCE}: every trades.v1 event once, nothing disturbed;</li>
 * <li>{@value #TWICE}: every trades.v1 event twice, each copy after the next event moved event time on;</li>
 * <li>{@value #KILLED}: every event once, while aggregate's JVM is killed with SIGKILL {@value #KILLS} times at
 * seeded points mid-replay and started again; the producer keeps publishing while it is down;</li>
 * <li>{@value #POSTGRES_DOWN}: every event once, while PostgreSQL is stopped for 30 s mid-replay (issue 12): the
 * functions must hold their events back, say so in readiness and dead-letter nothing.</li>
 * </ul>
 * Each disturbed run must store exactly the reference's candles (every column but the pair and the processing
 * time) and feature rows (every column but the pair and {@code computed_at}), and publish every closed candle:
 * exactly once per (minute, revision) under double delivery; at least once after kills, where the outbox re-sends
 * what was sent but not yet marked, each copy with the same id and data (consumers drop it by id).
 * <p>
 * Waits poll the database and the consumer groups (Awaitility); nothing sleeps a fixed time and nothing is
 * asserted on timings.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplayIdempotenceIT {
    /**
     * The first 6,000 trades of the file (2013-11-25 00:00 to 15:55 UTC): 909 trades.v1 batches, about 950 one-minute
     * candles with dozens of carried-forward minutes. That is four times featurize's 240-candle window, so most
     * rows are full-window, non-warm-up rows, and long enough for kills at several points; three replays of it
     * (plus the duplicates and the restarts) keep the whole test to about two minutes on the 2-core build machine.
     * The whole file (100,000 trades) is the subject of aggregate's BitstampReplayTest.
     */
    static final int SLICE_TRADES = 6_000;
    static final String SOURCE = "file:bitstamp";
    static final String REFERENCE = "BTC/USD";
    static final String TWICE = "BTCTWICE/USD";
    static final String KILLED = "BTCKILL/USD";
    static final String POSTGRES_DOWN = "BTCPGDOWN/USD";
    /** How long PostgreSQL is away mid-replay (issue 12). */
    static final Duration OUTAGE = Duration.ofSeconds(30);
    static final int KILLS = 4;
    /** Seeds the kill points: a failure names the same points when re-run. */
    static final long KILL_SEED = 1385337600L;
    /** featurize's window (its README): the slice must hold more candles than this. */
    static final int FEATURIZE_WINDOW = 240;
    /** On Linux a JVM ended by SIGKILL exits with 128 + 9. */
    static final int SIGKILL_EXIT = 137;

    EmbeddedStack stack;
    StoredState db;
    KafkaProducer<String, byte[]> producer;
    Admin admin;
    FunctionJvm aggregate;
    FunctionJvm featurize;
    List<Trade> slice;
    List<List<Trade>> batches;
    Instant lastTrade;
    List<String> referenceCandles;
    List<String> referenceFeatures;

    @BeforeAll
    void replayTheReference() throws Exception {
        Path root = Path.of(System.getProperty("tickcast.root", "..")).toAbsolutePath().normalize();
        Path logs = Files.createDirectories(root.resolve("idempotence/target/function-logs"));
        slice = TradesFile.bitstamp().subList(0, SLICE_TRADES);
        batches = TradeBatches.perMinute(slice);
        lastTrade = slice.get(slice.size() - 1).time();

        stack = EmbeddedStack.start(StackConfig.builder().build());
        db = new StoredState(stack.jdbcUrl(), stack.dbUser(), stack.dbPassword());
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()));
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());

        featurize = new FunctionJvm(root, "featurize", stack.environment(), List.of(), logs).start();
        // Static group membership only shortens the hand-over after a kill: a restarted member with the same
        // instance id gets the dead one's partitions at once, where the ordinary protocol first waits out the dead
        // member's session (45 s by default). What is redelivered (everything after the last committed offset)
        // and how the function handles it are the same either way.
        aggregate = new FunctionJvm(root, "aggregate", stack.environment(),
                List.of("-Dmp.messaging.incoming.tickcast-in.group.instance.id=aggregate-idempotence-it"), logs).start();

        long t0 = System.nanoTime();
        send(events(REFERENCE));
        awaitSettled(REFERENCE);
        referenceCandles = db.candles(REFERENCE);
        referenceFeatures = db.features(REFERENCE);

        // the reference itself is checked against the file, so that three equally broken runs cannot pass
        assertThat(referenceCandles).hasSizeGreaterThan(FEATURIZE_WINDOW);
        assertThat(referenceFeatures).hasSameSizeAs(referenceCandles);
        assertThat(db.count("SELECT count(*) FROM features WHERE pair = ? AND NOT warmup", REFERENCE))
                .as("full-window (non-warm-up) feature rows").isGreaterThan(FEATURIZE_WINDOW);
        assertThat(db.count("SELECT count(*) FROM candles WHERE pair = ? AND carried_forward", REFERENCE))
                .as("carried-forward minutes").isPositive();
        Instant closedUntil = db.lastClosedMinute(REFERENCE).plus(1, ChronoUnit.MINUTES);
        long tradesInClosedMinutes = slice.stream().filter(t -> t.time().isBefore(closedUntil)).count();
        assertThat(db.count("SELECT sum(trade_count) FROM candles WHERE pair = ?", REFERENCE))
                .as("trades counted in the closed candles").isEqualTo(tradesInClosedMinutes);
        assertExactlyOnePerMinuteAndRevision(REFERENCE, candleEvents(REFERENCE));
        System.out.printf("reference %s: %,d trades in %,d trades.v1 events -> %,d candles, %,d feature rows (%s)%n",
                REFERENCE, slice.size(), batches.size(), referenceCandles.size(), referenceFeatures.size(), since(t0));
    }

    @Test
    @Order(1)
    void everyTradesEventDeliveredTwiceGivesTheReferenceCandlesAndFeatures() throws Exception {
        List<CloudEventEnvelope> once = events(TWICE);
        // e0, e1, e0, e2, e1, …: each copy arrives after the next event has moved event time on
        List<CloudEventEnvelope> twice = new ArrayList<>();
        for (int i = 0; i < once.size(); i++) {
            twice.add(once.get(i));
            if (i > 0) {
                twice.add(once.get(i - 1));
            }
        }
        twice.add(once.get(once.size() - 1));
        assertThat(twice).hasSize(2 * once.size());

        long t0 = System.nanoTime();
        send(twice);
        awaitSettled(TWICE);

        assertSameRows("candles", db.candles(TWICE), referenceCandles);
        assertSameRows("features", db.features(TWICE), referenceFeatures);
        assertThat(db.lateTrades(TWICE)).as("late trades (a duplicate is not late)").isZero();
        Map<String, List<ConsumerRecord<String, byte[]>>> events = candleEvents(TWICE);
        assertExactlyOnePerMinuteAndRevision(TWICE, events);
        assertSameCandleEventsAsReference(events);
        assertNothingDeadLettered();
        System.out.printf("twice %s: %,d trades.v1 events -> %,d candles, %,d feature rows, identical (%s)%n",
                TWICE, twice.size(), referenceCandles.size(), referenceFeatures.size(), since(t0));
    }

    @Test
    @Order(2)
    void aggregateKilledHardAndRestartedMidReplayGivesTheReferenceCandlesAndFeatures() throws Exception {
        List<CloudEventEnvelope> events = events(KILLED);
        // KILLS + 2 parts in event-time order. Part k+1 is published before kill k, so each kill finds a backlog of
        // the pair's events on its partition; part k+2 is published while aggregate is down.
        int parts = KILLS + 2;
        List<Integer> bounds = new ArrayList<>();
        for (int p = 0; p <= parts; p++) {
            bounds.add(events.size() * p / parts);
        }
        Random random = new Random(KILL_SEED);
        List<String> kills = new ArrayList<>();
        int withBacklog = 0;
        long t0 = System.nanoTime();

        send(events.subList(bounds.get(0), bounds.get(1)));
        send(events.subList(bounds.get(1), bounds.get(2)));
        for (int k = 0; k < KILLS; k++) {
            // a seeded minute between a quarter and three quarters into part k: kill once it is stored
            int from = bounds.get(k);
            int length = bounds.get(k + 1) - from;
            Instant killAt = minuteOf(from + length / 4 + random.nextInt(length / 2));
            await("aggregate to close " + killAt).pollInterval(Duration.ofMillis(10)).until(() -> {
                Instant closed = db.lastClosedMinute(KILLED);
                return closed != null && !closed.isBefore(killAt);
            });
            int exit = aggregate.kill();
            assertThat(exit).as("exit status of aggregate's JVM after SIGKILL").isEqualTo(SIGKILL_EXIT);

            Instant closed = db.lastClosedMinute(KILLED);
            Instant watermark = db.watermark(KILLED);
            Instant published = batches.get(bounds.get(k + 2) - 1).get(0).time();
            long unpublished = db.unpublishedCandles(KILLED);
            assertThat(watermark).as("kill %d is mid-replay", k + 1).isBefore(lastTrade);
            if (watermark.isBefore(published)) {
                withBacklog++;
            }
            kills.add(String.format("kill %d: last closed minute %s, watermark %s, published up to %s, %d candle(s)"
                    + " stored but not marked published", k + 1, closed, watermark, published, unpublished));

            // the producer goes on while aggregate is down
            if (k + 3 <= parts) {
                send(events.subList(bounds.get(k + 2), bounds.get(k + 3)));
            }
            aggregate.start();
        }
        assertThat(aggregate.starts()).isEqualTo(KILLS + 1);
        awaitSettled(KILLED);

        kills.forEach(System.out::println);
        assertSameRows("candles", db.candles(KILLED), referenceCandles);
        assertSameRows("features", db.features(KILLED), referenceFeatures);
        assertThat(db.lateTrades(KILLED)).as("late trades (a redelivered trade is not late)").isZero();
        Map<String, List<ConsumerRecord<String, byte[]>>> candleEvents = candleEvents(KILLED);
        int resent = assertEachCandlePublishedAtLeastOnceUnderOneId(KILLED, candleEvents);
        assertSameCandleEventsAsReference(candleEvents);
        assertNothingDeadLettered();
        System.out.printf("killed %s: %,d trades.v1 events, aggregate SIGKILLed %d times (%d with a backlog of the"
                + " pair's events) -> %,d candles (%d candle.v1 re-sent with the same id), %,d feature rows, identical (%s)%n",
                KILLED, events.size(), KILLS, withBacklog, referenceCandles.size(), resent, referenceFeatures.size(),
                since(t0));
    }

    @Test
    @Order(3)
    void postgresqlGoneForThirtySecondsMidReplayGivesTheReferenceCandlesAndFeaturesAndNoDeadLetter() throws Exception {
        List<CloudEventEnvelope> events = events(POSTGRES_DOWN);
        PostgresOutage outage = new PostgresOutage(stack.embeddedPostgres().orElseThrow().dataDir(),
                Path.of(System.getProperty("tickcast.root", "..")).toAbsolutePath().normalize()
                        .resolve("idempotence/target/function-logs/postgres-restarted.log"));
        long t0 = System.nanoTime();
        int half = events.size() / 2;
        send(events.subList(0, half));
        // a quarter in: aggregate is busy with the pair, and half of it still waits on the topic
        Instant quarter = minuteOf(events.size() / 4);
        await("aggregate to close " + quarter).pollInterval(Duration.ofMillis(10)).until(() -> {
            Instant closed = db.lastClosedMinute(POSTGRES_DOWN);
            return closed != null && !closed.isBefore(quarter);
        });

        outage.stop();
        long down = System.nanoTime();
        // the producer goes on while the database is away; the functions must hold their events back
        send(events.subList(half, events.size()));
        await("aggregate to report that it waits for PostgreSQL").atMost(OUTAGE).until(
                () -> aggregate.readiness().contains("waiting for PostgreSQL"));
        String readiness = aggregate.readiness();
        Thread.sleep(Math.max(0, OUTAGE.toMillis() - (System.nanoTime() - down) / 1_000_000)); // the outage itself
        assertNothingDeadLettered();
        outage.start();
        await("PostgreSQL back").until(db::reachable);

        awaitSettled(POSTGRES_DOWN);
        assertSameRows("candles", db.candles(POSTGRES_DOWN), referenceCandles);
        assertSameRows("features", db.features(POSTGRES_DOWN), referenceFeatures);
        assertThat(db.lateTrades(POSTGRES_DOWN)).as("late trades").isZero();
        Map<String, List<ConsumerRecord<String, byte[]>>> candleEvents = candleEvents(POSTGRES_DOWN);
        int resent = assertEachCandlePublishedAtLeastOnceUnderOneId(POSTGRES_DOWN, candleEvents);
        assertSameCandleEventsAsReference(candleEvents);
        assertNothingDeadLettered();
        System.out.printf("postgres down %s: %,d trades.v1 events, PostgreSQL stopped for %s mid-replay (aggregate's"
                + " readiness: %s) -> %,d candles (%d candle.v1 re-sent with the same id), %,d feature rows, identical,"
                + " nothing dead-lettered (%s)%n", POSTGRES_DOWN, events.size(), OUTAGE, readiness,
                referenceCandles.size(), resent, referenceFeatures.size(), since(t0));
    }

    /**
     * Runs last: it leaves dead letters behind. A record no function handles is dead-lettered once, by aggregate (the
     * unrouted owner), not once per consumer group; an invalid event once by each function that consumes its type.
     */
    @Test
    @Order(4)
    void eachBadRecordIsDeadLetteredExactlyOnceAcrossTheConsumerGroups() throws Exception {
        String run = "dead-letter-" + System.nanoTime();
        CloudEventEnvelope trades = events(REFERENCE).get(0);
        Map<String, String> expectedFunction = new LinkedHashMap<>();
        // not a CloudEvent at all
        publishRaw(run, "not a CloudEvent", Map.of(), "{\"price\": 1}".getBytes(StandardCharsets.UTF_8));
        expectedFunction.put("not a CloudEvent", "aggregate");
        // a type no function handles
        Map<String, String> unknown = new LinkedHashMap<>(BinaryMode.KAFKA.headers(trades));
        unknown.put("ce_id", run + "-unknown");
        unknown.put("ce_type", "dev.tickcast.nonsense.v1");
        publishRaw(run, "unknown type", unknown, trades.data());
        expectedFunction.put("unknown type", "aggregate");
        // a trades.v1 event (aggregate's) that breaks its contract
        Map<String, String> badTrades = new LinkedHashMap<>(BinaryMode.KAFKA.headers(trades));
        badTrades.put("ce_id", run + "-trades");
        publishRaw(run, "invalid trades", badTrades, new String(trades.data(), StandardCharsets.UTF_8)
                .replaceFirst("\"price\":\"[^\"]*\"", "\"price\":\"12,5\"").getBytes(StandardCharsets.UTF_8));
        expectedFunction.put("invalid trades", "aggregate/aggregate");
        // a candle.v1 event (featurize's here) from the future
        Candle candle = candle(candleEvents(REFERENCE).values().iterator().next().get(0));
        Instant future = Instant.now().plus(400, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MINUTES);
        Candle fromTheFuture = new Candle(REFERENCE, future, future.plusSeconds(60), candle.open(), candle.high(),
                candle.low(), candle.close(), candle.volume(), candle.vwap(), candle.tradeCount(), false, 0);
        Map<String, String> badCandle = new LinkedHashMap<>(BinaryMode.KAFKA.headers(CloudEventEnvelope.json(run + "-candle",
                "/test", EventTypes.CANDLE, REFERENCE, null, null, Json.mapper().writeValueAsBytes(fromTheFuture))));
        publishRaw(run, "candle from the future", badCandle, Json.mapper().writeValueAsBytes(fromTheFuture));
        expectedFunction.put("candle from the future", "featurize/featurize");

        await("both groups past the bad records").untilAsserted(() -> {
            assertThat(lag("aggregate")).isZero();
            assertThat(lag("featurize")).isZero();
        });
        Map<String, List<String>> byCase = new TreeMap<>();
        for (ConsumerRecord<String, byte[]> dead : records(Topics.DEAD_LETTER)) {
            if (run.equals(header(dead, "corpus-run"))) {
                byCase.computeIfAbsent(header(dead, "corpus-case"), c -> new ArrayList<>())
                        .add(header(dead, "dead-letter-function") + " " + header(dead, "ce_knativeerrorcode") + " "
                                + header(dead, "dead-letter-reason"));
            }
        }
        byCase.forEach((name, letters) -> System.out.printf("dead letters of %s: %s%n", name, letters));
        expectedFunction.forEach((name, function) -> {
            assertThat(byCase.get(name)).as("dead letters of %s", name).hasSize(1);
            assertThat(byCase.get(name).get(0)).as("dead letter of %s", name).startsWith(function + " 400 ");
        });
    }

    void publishRaw(String run, String name, Map<String, String> headers, byte[] value) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.BROKER, REFERENCE, value);
        headers.forEach((header, v) -> record.headers().add(header, v.getBytes(StandardCharsets.UTF_8)));
        record.headers().add("corpus-run", run.getBytes(StandardCharsets.UTF_8));
        record.headers().add("corpus-case", name.getBytes(StandardCharsets.UTF_8));
        producer.send(record);
        producer.flush();
    }

    /** Every record of a topic up to its current end. */
    List<ConsumerRecord<String, byte[]>> records(String topic) throws Exception {
        Map<TopicPartition, Long> ends = endOffsets(topic);
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(ends.keySet());
            consumer.seekToBeginning(ends.keySet());
            while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable resource : new AutoCloseable[] { aggregate, featurize, producer, admin, db, stack }) {
            if (resource != null) {
                resource.close();
            }
        }
    }

    List<CloudEventEnvelope> events(String pair) {
        return batches.stream().map(batch -> TradeBatches.event(pair, SOURCE, batch)).toList();
    }

    Instant minuteOf(int batch) {
        return batches.get(batch).get(0).time().truncatedTo(ChronoUnit.MINUTES);
    }

    /** As the launcher's replay publishes: binary CloudEvents, keyed by the pair, to the broker topic. */
    void send(List<CloudEventEnvelope> events) {
        for (CloudEventEnvelope event : events) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.BROKER, event.partitionKey(), event.data());
            BinaryMode.KAFKA.headers(event)
                    .forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
            producer.send(record);
        }
        producer.flush();
    }

    /** For the log only: nothing is asserted on time. */
    static String since(long t0) {
        return String.format("%.1f s", (System.nanoTime() - t0) / 1e9);
    }

    static ConditionFactory await(String what) {
        return Awaitility.await(what).atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250));
    }

    /**
     * The pair is done when aggregate has seen the slice's last trade, every stored candle is published, every
     * candle (minute and revision) has the feature row computed from it, and both functions' consumer groups have
     * committed every record on the topic (so the trailing duplicates and redeliveries have been handled too).
     */
    void awaitSettled(String pair) {
        await(pair + " settled").untilAsserted(() -> {
            assertThat(db.watermark(pair)).as("aggregate's watermark").isEqualTo(lastTrade);
            assertThat(db.unpublishedCandles(pair)).as("unpublished candles").isZero();
            assertThat(db.candlesWithoutTheirFeatureRow(pair)).as("candles without their feature row").isZero();
            assertThat(lag("aggregate")).as("records aggregate has not committed").isZero();
            assertThat(lag("featurize")).as("records featurize has not committed").isZero();
        });
    }

    long lag(String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        long lag = 0;
        for (Map.Entry<TopicPartition, Long> end : endOffsets(Topics.BROKER).entrySet()) {
            OffsetAndMetadata offset = committed.get(end.getKey());
            lag += end.getValue() - (offset == null ? 0 : offset.offset());
        }
        return lag;
    }

    Map<TopicPartition, Long> endOffsets(String topic) throws Exception {
        List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
                .partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        return admin.listOffsets(partitions.stream().collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest())))
                .all().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    /** Row by row, naming the first row that differs (the whole lists are long). */
    static void assertSameRows(String table, List<String> actual, List<String> reference) {
        for (int i = 0; i < Math.min(actual.size(), reference.size()); i++) {
            assertThat(actual.get(i)).as("%s row %d", table, i).isEqualTo(reference.get(i));
        }
        assertThat(actual).as(table).hasSameSizeAs(reference);
    }

    /** The pair's candle.v1 records on the broker topic, by "start#revision" of their data. */
    Map<String, List<ConsumerRecord<String, byte[]>>> candleEvents(String pair) throws Exception {
        Map<TopicPartition, Long> ends = endOffsets(Topics.BROKER);
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Map<String, List<ConsumerRecord<String, byte[]>>> byMinuteAndRevision = new TreeMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(ends.keySet());
            consumer.seekToBeginning(ends.keySet());
            while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (pair.equals(record.key()) && EventTypes.CANDLE.equals(header(record, "ce_type"))) {
                        Candle candle = candle(record);
                        byMinuteAndRevision.computeIfAbsent(candle.start() + "#" + candle.revision(), key -> new ArrayList<>())
                                .add(record);
                    }
                }
            }
        }
        return byMinuteAndRevision;
    }

    /** Double delivery (no crash) must not publish anything twice. */
    void assertExactlyOnePerMinuteAndRevision(String pair, Map<String, List<ConsumerRecord<String, byte[]>>> events)
            throws SQLException {
        assertThat(events.keySet()).as("candle.v1 events of %s", pair).isEqualTo(storedMinutesAndRevisions(pair));
        events.forEach((key, records) -> assertThat(records).as("candle.v1 events of %s %s", pair, key).hasSize(1));
    }

    /**
     * After a kill between the broker's ack and the published mark, the outbox sends a candle again: allowed, as
     * long as every stored candle went out and every copy is the same event (id and data). Returns the re-sent count.
     */
    int assertEachCandlePublishedAtLeastOnceUnderOneId(String pair, Map<String, List<ConsumerRecord<String, byte[]>>> events)
            throws SQLException {
        assertThat(events.keySet()).as("candle.v1 events of %s", pair).isEqualTo(storedMinutesAndRevisions(pair));
        int resent = 0;
        for (Map.Entry<String, List<ConsumerRecord<String, byte[]>>> entry : events.entrySet()) {
            List<ConsumerRecord<String, byte[]>> copies = entry.getValue();
            assertThat(copies.stream().map(r -> header(r, "ce_id")).distinct()).as("ids of %s %s", pair, entry.getKey())
                    .hasSize(1);
            assertThat(copies.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).distinct())
                    .as("data of %s %s", pair, entry.getKey()).hasSize(1);
            resent += copies.size() - 1;
        }
        return resent;
    }

    /** The published candles carry the reference's values (the pair aside), minute by minute. */
    void assertSameCandleEventsAsReference(Map<String, List<ConsumerRecord<String, byte[]>>> events) throws Exception {
        Map<String, Candle> reference = new LinkedHashMap<>();
        candleEvents(REFERENCE).forEach((key, records) -> reference.put(key, candle(records.get(0))));
        Map<String, Candle> actual = new HashMap<>();
        events.forEach((key, records) -> actual.put(key, asReference(candle(records.get(0)))));
        assertThat(actual).isEqualTo(reference);
    }

    Set<String> storedMinutesAndRevisions(String pair) throws SQLException {
        Set<String> keys = new TreeSet<>();
        for (String row : db.candles(pair)) {
            String[] columns = row.split("\t");
            keys.add(columns[0] + "#" + columns[10]);
        }
        return keys;
    }

    void assertNothingDeadLettered() throws Exception {
        assertThat(endOffsets(Topics.DEAD_LETTER).values().stream().mapToLong(Long::longValue).sum())
                .as("records on the dead-letter topic").isZero();
    }

    static Candle candle(ConsumerRecord<String, byte[]> record) {
        try {
            return Json.mapper().readValue(record.value(), Candle.class);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Candle asReference(Candle c) {
        return new Candle(REFERENCE, c.start(), c.end(), c.open(), c.high(), c.low(), c.close(), c.volume(), c.vwap(),
                c.tradeCount(), c.carriedForward(), c.revision());
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
