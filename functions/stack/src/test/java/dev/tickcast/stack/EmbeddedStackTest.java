package dev.tickcast.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tickcast.contracts.cloudevents.Topics;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.S3Exception;

class EmbeddedStackTest {
    private static EmbeddedStack stack;

    @BeforeAll
    static void startStack() {
        stack = EmbeddedStack.shared();
    }

    @Test
    void sharedStackIsOneInstanceThatCloseDoesNotStop() throws Exception {
        assertThat(EmbeddedStack.shared()).isSameAs(stack);
        stack.close();
        assertThat(EmbeddedStack.shared()).isSameAs(stack);
        try (Connection c = connect(stack.jdbcUrl(), stack.dbUser(), stack.dbPassword())) {
            assertThat(c.isValid(2)).isTrue();
        }
    }

    @Test
    void brokerTopicHasItsPartitionsAndCarriesRecords() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.kafkaBootstrapServers()))) {
            Map<String, TopicDescription> topics = admin.describeTopics(List.of(Topics.BROKER, Topics.DEAD_LETTER))
                    .allTopicNames().get(10, TimeUnit.SECONDS);
            assertThat(topics.get(Topics.BROKER).partitions()).hasSize(Topics.BROKER_PARTITIONS);
            assertThat(topics.get(Topics.DEAD_LETTER).partitions()).hasSize(1);
            assertThat(topics.get(Topics.BROKER).partitions().get(0).replicas()).hasSize(1);
        }

        String key = "BTC-USD";
        String value = "trade-" + UUID.randomUUID();
        RecordMetadata sent = produce(stack.kafkaBootstrapServers(), Topics.BROKER, key, value);
        assertThat(sent.partition()).isBetween(0, Topics.BROKER_PARTITIONS - 1);

        // through a consumer group: needs the offsets topic, which only replication factor 1 lets exist here
        String group = "test-" + UUID.randomUUID();
        try (KafkaConsumer<String, String> consumer = consumer(stack.kafkaBootstrapServers(), group)) {
            consumer.subscribe(List.of(Topics.BROKER));
            ConsumerRecord<String, String> found = pollFor(consumer, value);
            assertThat(found.key()).isEqualTo(key);
            assertThat(found.partition()).isEqualTo(sent.partition());
            assertThat(found.offset()).isEqualTo(sent.offset());
            consumer.commitSync(Map.of(new TopicPartition(Topics.BROKER, found.partition()),
                    new OffsetAndMetadata(found.offset() + 1)));
            assertThat(consumer.committed(java.util.Set.of(new TopicPartition(Topics.BROKER, found.partition())))
                    .values()).extracting(OffsetAndMetadata::offset).containsExactly(found.offset() + 1);
        }
    }

    @Test
    void topicsAreNotCreatedAutomatically() throws Exception {
        Properties props = producerProps(stack.kafkaBootstrapServers());
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("no-such-topic", "k", "v")).get(5,
                    TimeUnit.SECONDS)).hasStackTraceContaining("no-such-topic");
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.kafkaBootstrapServers()))) {
            assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS))
                    .contains(Topics.BROKER, Topics.DEAD_LETTER)
                    .doesNotContain("no-such-topic");
        }
    }

    @Test
    void databaseIsMigratedAndOwnedByTickcast() throws Exception {
        try (Connection c = connect(stack.jdbcUrl(), stack.dbUser(), stack.dbPassword());
                Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery(
                    "SELECT success, script FROM flyway_schema_history WHERE version = '1'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBoolean("success")).isTrue();
                assertThat(rs.getString("script")).isEqualTo("V1__trades.sql");
            }
            try (ResultSet rs = st.executeQuery("SELECT to_regclass('public.trades') IS NOT NULL, current_user, "
                    + "current_database(), pg_get_userbyid(d.datdba) FROM pg_database d "
                    + "WHERE d.datname = current_database()")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBoolean(1)).isTrue();
                assertThat(rs.getString(2)).isEqualTo("tickcast");
                assertThat(rs.getString(3)).isEqualTo("tickcast");
                assertThat(rs.getString(4)).isEqualTo("tickcast");
            }
        }
    }

    @Test
    void modelBucketStoresObjectsBehindSignatures() {
        String key = "models/" + UUID.randomUUID() + ".json";
        byte[] body = "{\"rounds\":200}".getBytes(StandardCharsets.UTF_8);
        try (S3Client s3 = s3Client(stack.s3Endpoint(), stack.s3AccessKey(), stack.s3SecretKey(),
                stack.s3Region())) {
            assertThat(s3.listBuckets().buckets()).extracting(Bucket::name).contains(stack.modelBucket());
            s3.putObject(b -> b.bucket(stack.modelBucket()).key(key), RequestBody.fromBytes(body));
            assertThat(s3.getObjectAsBytes(b -> b.bucket(stack.modelBucket()).key(key)).asByteArray())
                    .isEqualTo(body);
        }
        try (S3Client wrongSecret = s3Client(stack.s3Endpoint(), stack.s3AccessKey(), "not-the-secret",
                stack.s3Region())) {
            assertThatThrownBy(() -> wrongSecret.getObjectAsBytes(b -> b.bucket(stack.modelBucket()).key(key)))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        }
    }

    @Test
    void quarkusPropertiesAndEnvironmentDescribeTheStack() {
        Map<String, String> p = stack.quarkusProperties();
        assertThat(p).containsEntry("kafka.bootstrap.servers", stack.kafkaBootstrapServers())
                .containsEntry("quarkus.datasource.jdbc.url", stack.jdbcUrl())
                .containsEntry("quarkus.datasource.reactive.url", "postgresql://" + stack.jdbcUrl()
                        .substring("jdbc:postgresql://".length()))
                .containsEntry("quarkus.datasource.username", "tickcast")
                .containsEntry("quarkus.datasource.password", "tickcast")
                .containsEntry("tickcast.s3.endpoint", stack.s3Endpoint())
                .containsEntry("tickcast.s3.access-key", "tickcast")
                .containsEntry("tickcast.s3.secret-key", "tickcast-secret")
                .containsEntry("tickcast.s3.region", "us-east-1")
                .containsEntry("tickcast.s3.bucket", "tickcast-models")
                .hasSize(10);
        assertThat(stack.kafkaBootstrapServers()).matches("127\\.0\\.0\\.1:\\d+");
        assertThat(stack.s3Endpoint()).matches("http://127\\.0\\.0\\.1:\\d+");

        Map<String, String> env = stack.environment();
        assertThat(env).containsEntry("KAFKA_BOOTSTRAP_SERVERS", stack.kafkaBootstrapServers())
                .containsEntry("QUARKUS_DATASOURCE_REACTIVE_URL", stack.reactiveUrl())
                .containsEntry("QUARKUS_DATASOURCE_JDBC_URL", stack.jdbcUrl())
                .containsEntry("QUARKUS_DATASOURCE_USERNAME", "tickcast")
                .containsEntry("QUARKUS_DATASOURCE_PASSWORD", "tickcast")
                .containsEntry("TICKCAST_S3_ENDPOINT", stack.s3Endpoint())
                .containsEntry("TICKCAST_S3_ACCESS_KEY", "tickcast")
                .containsEntry("TICKCAST_S3_SECRET_KEY", "tickcast-secret")
                .containsEntry("TICKCAST_S3_REGION", "us-east-1")
                .containsEntry("TICKCAST_S3_BUCKET", "tickcast-models")
                .containsEntry("TICKCAST_KAFKA_BOOTSTRAP", stack.kafkaBootstrapServers())
                .containsEntry("TICKCAST_DB_JDBC_URL", stack.jdbcUrl());
        // a child reading this environment uses this stack instead of starting its own
        StackConfig child = StackConfig.fromEnvironment(env, new Properties());
        assertThat(child.externalKafka()).isTrue();
        assertThat(child.externalDatabase()).isTrue();
        assertThat(child.externalS3()).isTrue();
        assertThat(child.jdbcUrl()).isEqualTo(stack.jdbcUrl());
        assertThat(child.s3SecretKey()).isEqualTo(stack.s3SecretKey());
    }

    @Test
    void persistentStackKeepsRowsRecordsAndObjectsAcrossRestart(@TempDir Path home) throws Exception {
        String tradeId = "t-" + UUID.randomUUID();
        String value = "persisted-" + UUID.randomUUID();
        String objectKey = "models/persisted.json";
        RecordMetadata sent;
        try (EmbeddedStack first = EmbeddedStack.start(StackConfig.builder().dataDir(home).build())) {
            assertThat(first.home()).isEqualTo(home.toAbsolutePath());
            try (Connection c = connect(first.jdbcUrl(), first.dbUser(), first.dbPassword());
                    PreparedStatement ps = c.prepareStatement("INSERT INTO trades (pair, trade_id, traded_at, "
                            + "price, quantity, side, source) VALUES ('BTC-USD', ?, ?, ?, ?, 'buy', 'test')")) {
                ps.setString(1, tradeId);
                ps.setObject(2, java.time.OffsetDateTime.parse("2026-11-21T12:00:00Z"));
                ps.setBigDecimal(3, new BigDecimal("97000.125"));
                ps.setBigDecimal(4, new BigDecimal("0.5"));
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            sent = produce(first.kafkaBootstrapServers(), Topics.BROKER, "ETH-USD", value);
            try (S3Client s3 = s3Client(first.s3Endpoint(), first.s3AccessKey(), first.s3SecretKey(),
                    first.s3Region())) {
                s3.putObject(b -> b.bucket(first.modelBucket()).key(objectKey), RequestBody.fromString(value));
            }
        }
        assertThat(home.resolve("postgres/PG_VERSION")).exists();
        assertThat(home.resolve("kafka/meta.properties")).exists();

        try (EmbeddedStack second = EmbeddedStack.start(StackConfig.builder().dataDir(home).build())) {
            try (Connection c = connect(second.jdbcUrl(), second.dbUser(), second.dbPassword());
                    PreparedStatement ps = c.prepareStatement(
                            "SELECT price, quantity FROM trades WHERE pair = 'BTC-USD' AND trade_id = ?");
                    Statement st = c.createStatement()) {
                ps.setString(1, tradeId);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getBigDecimal(1)).isEqualByComparingTo("97000.125");
                    assertThat(rs.getBigDecimal(2)).isEqualByComparingTo("0.5");
                }
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM flyway_schema_history WHERE version = '1'")) {
                    rs.next();
                    assertThat(rs.getInt(1)).as("V1 applied once, not again on restart").isEqualTo(1);
                }
            }
            TopicPartition tp = new TopicPartition(Topics.BROKER, sent.partition());
            try (KafkaConsumer<String, String> consumer = consumer(second.kafkaBootstrapServers(), null)) {
                consumer.assign(List.of(tp));
                consumer.seek(tp, sent.offset());
                ConsumerRecord<String, String> found = pollFor(consumer, value);
                assertThat(found.key()).isEqualTo("ETH-USD");
                assertThat(found.offset()).isEqualTo(sent.offset());
            }
            try (S3Client s3 = s3Client(second.s3Endpoint(), second.s3AccessKey(), second.s3SecretKey(),
                    second.s3Region())) {
                assertThat(s3.getObjectAsBytes(b -> b.bucket(second.modelBucket()).key(objectKey)).asUtf8String())
                        .isEqualTo(value);
            }
        }
        assertThat(home).as("a configured home is kept").isDirectory();
    }

    @Test
    void externalServicesReplaceTheEmbeddedOnes() throws Exception {
        int migrationsBefore;
        try (Connection c = connect(stack.jdbcUrl(), stack.dbUser(), stack.dbPassword())) {
            migrationsBefore = countMigrations(c);
        }
        try (EmbeddedS3 externalS3 = EmbeddedS3.start()) {
            assertThat(externalS3.bucketExists(EmbeddedStack.MODEL_BUCKET)).isFalse();
            StackConfig config = StackConfig.builder()
                    .externalDatabase(stack.jdbcUrl(), stack.dbUser(), stack.dbPassword())
                    .externalKafka(stack.kafkaBootstrapServers())
                    .externalS3(externalS3.endpoint(), externalS3.accessKey(), externalS3.secretKey())
                    .build();
            Path home;
            try (EmbeddedStack external = EmbeddedStack.start(config)) {
                home = external.home();
                assertThat(external.embeddedPostgres()).isEmpty();
                assertThat(external.embeddedKafka()).isEmpty();
                assertThat(external.embeddedS3()).isEmpty();
                assertThat(external.jdbcUrl()).isEqualTo(stack.jdbcUrl());
                assertThat(external.reactiveUrl()).isEqualTo(stack.reactiveUrl());
                assertThat(external.kafkaBootstrapServers()).isEqualTo(stack.kafkaBootstrapServers());
                assertThat(external.s3Endpoint()).isEqualTo(externalS3.endpoint());
                assertThat(external.quarkusProperties()).containsEntry("quarkus.datasource.jdbc.url",
                        stack.jdbcUrl());
                // the bucket was created on the external endpoint through the AWS SDK
                assertThat(externalS3.bucketExists(EmbeddedStack.MODEL_BUCKET)).isTrue();
                try (Stream<Path> children = Files.list(home)) {
                    assertThat(children).as("nothing embedded wrote data").isEmpty();
                }
            }
            assertThat(home).as("temp home deleted on close").doesNotExist();
        }
        try (Connection c = connect(stack.jdbcUrl(), stack.dbUser(), stack.dbPassword())) {
            assertThat(countMigrations(c)).as("migrating again applies nothing").isEqualTo(migrationsBefore);
        }
    }

    @Test
    void failedStartStopsWhatStartedAndDeletesTempData() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        List<Path> homesBefore = stackHomes(tmp);
        int s3Port = StackSupport.freePort();
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            StackConfig config = StackConfig.builder()
                    .kafkaPort(busy.getLocalPort())
                    .s3Port(s3Port)
                    .externalDatabase(stack.jdbcUrl(), stack.dbUser(), stack.dbPassword())
                    .build();
            assertThatThrownBy(() -> EmbeddedStack.start(config))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("starting the Tickcast stack failed")
                    .hasStackTraceContaining("Address already in use");
        }
        assertThat(stackHomes(tmp)).as("temp home deleted").isEqualTo(homesBefore);
        assertThatThrownBy(() -> new Socket("127.0.0.1", s3Port).close()).as("S3 stopped again")
                .isInstanceOf(ConnectException.class);
    }

    private static List<Path> stackHomes(Path tmp) throws Exception {
        try (Stream<Path> files = Files.list(tmp)) {
            return files.filter(f -> f.getFileName().toString().startsWith("tickcast-stack-")).sorted().toList();
        }
    }

    private static int countMigrations(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM flyway_schema_history WHERE success")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static Connection connect(String url, String user, String password) throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    private static Properties producerProps(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return props;
    }

    private static RecordMetadata produce(String bootstrap, String topic, String key, String value)
            throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps(bootstrap))) {
            return producer.send(new ProducerRecord<>(topic, key, value)).get(10, TimeUnit.SECONDS);
        }
    }

    private static KafkaConsumer<String, String> consumer(String bootstrap, String group) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        if (group != null) {
            props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        return new KafkaConsumer<>(props);
    }

    private static ConsumerRecord<String, String> pollFor(KafkaConsumer<String, String> consumer, String value) {
        Instant deadline = Instant.now().plusSeconds(20);
        List<String> seen = new ArrayList<>();
        while (Instant.now().isBefore(deadline)) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                if (value.equals(r.value())) {
                    return r;
                }
                seen.add(r.value());
            }
        }
        throw new AssertionError("record " + value + " not consumed within 20 s; saw " + seen);
    }

    private static S3Client s3Client(String endpoint, String accessKey, String secretKey, String region) {
        return S3Client.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey,
                        secretKey)))
                .forcePathStyle(true)
                .httpClientBuilder(Apache5HttpClient.builder())
                .build();
    }
}
