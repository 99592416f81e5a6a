package dev.tickcast.stack;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import org.flywaydb.core.api.output.MigrateResult;

import dev.tickcast.contracts.cloudevents.Topics;
import dev.tickcast.migrations.Migrations;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The whole local stack of Tickcast in this JVM: Kafka (KRaft), PostgreSQL and S3, each embedded unless the
 * {@link StackConfig} names an external one. {@link #start} starts the services in parallel, then applies the
 * database migrations, creates the broker and dead-letter topics and the model bucket, on embedded and external
 * services alike.
 *
 * <p>Test JVMs share one stack through {@link #shared()}.
 */
public final class EmbeddedStack implements AutoCloseable {
    /** The bucket that holds trained models. */
    public static final String MODEL_BUCKET = "tickcast-models";

    private static final System.Logger LOG = System.getLogger(EmbeddedStack.class.getName());

    private static EmbeddedStack shared;
    private static RuntimeException sharedFailure;

    private final StackConfig config;
    private final Path home;
    private final boolean tempHome;
    private final EmbeddedKafka kafka;
    private final EmbeddedPostgres postgres;
    private final EmbeddedS3 s3;
    private final boolean isShared;
    private final String kafkaBootstrapServers;
    private final String jdbcUrl;
    private final String dbUser;
    private final String dbPassword;
    private final String s3Endpoint;
    private final String s3AccessKey;
    private final String s3SecretKey;
    private boolean closed;

    private EmbeddedStack(StackConfig config, Path home, boolean tempHome, EmbeddedKafka kafka,
            EmbeddedPostgres postgres, EmbeddedS3 s3, boolean isShared) {
        this.config = config;
        this.home = home;
        this.tempHome = tempHome;
        this.kafka = kafka;
        this.postgres = postgres;
        this.s3 = s3;
        this.isShared = isShared;
        this.kafkaBootstrapServers = kafka != null ? kafka.bootstrapServers() : config.kafkaBootstrap();
        this.jdbcUrl = postgres != null ? postgres.jdbcUrl() : config.jdbcUrl();
        this.dbUser = postgres != null ? postgres.user() : config.dbUser();
        this.dbPassword = postgres != null ? postgres.password() : config.dbPassword();
        this.s3Endpoint = s3 != null ? s3.endpoint() : config.s3Endpoint();
        this.s3AccessKey = s3 != null ? s3.accessKey() : config.s3AccessKey();
        this.s3SecretKey = s3 != null ? s3.secretKey() : config.s3SecretKey();
    }

    /**
     * Starts the stack and returns once every service is ready, migrated and provisioned. On failure whatever
     * started is stopped again before the exception propagates.
     */
    public static EmbeddedStack start(StackConfig config) {
        return start(config, false);
    }

    private static EmbeddedStack start(StackConfig config, boolean isShared) {
        StackSupport.quietThirdPartyLogging();
        long t0 = System.nanoTime();
        boolean tempHome = config.dataDir() == null;
        Path home = tempHome ? StackSupport.createTempDir("tickcast-stack-")
                : StackSupport.createDirectories(config.dataDir().toAbsolutePath());
        ExecutorService pool = Executors.newFixedThreadPool(3, r -> {
            Thread t = new Thread(r, "tickcast-stack-start");
            t.setDaemon(true);
            return t;
        });
        CompletableFuture<EmbeddedPostgres> pg = async(pool, () -> config.externalDatabase() ? null
                : EmbeddedPostgres.start(home.resolve("postgres"), config.postgresPort()));
        CompletableFuture<EmbeddedKafka> kafka = async(pool, () -> config.externalKafka() ? null
                : EmbeddedKafka.start(home.resolve("kafka"), config.kafkaPort()));
        // without a home of its own the S3 store lives in memory: nothing to keep, nothing to delete
        CompletableFuture<EmbeddedS3> s3 = async(pool, () -> config.externalS3() ? null
                : EmbeddedS3.start(tempHome ? null : home.resolve("s3"), config.s3Port()));

        CompletableFuture<Void> migrated = pg.thenAcceptAsync(p -> migrate(
                p != null ? p.jdbcUrl() : config.jdbcUrl(),
                p != null ? p.user() : config.dbUser(),
                p != null ? p.password() : config.dbPassword()), pool);
        CompletableFuture<Void> topics = kafka.thenAcceptAsync(k -> createTopics(
                k != null ? k.bootstrapServers() : config.kafkaBootstrap()), pool);
        CompletableFuture<Void> bucket = s3.thenAcceptAsync(s -> {
            if (s != null) {
                s.createBucket(MODEL_BUCKET);
            } else {
                createExternalBucket(config, MODEL_BUCKET);
            }
        }, pool);
        try {
            CompletableFuture.allOf(migrated, topics, bucket).exceptionally(e -> null).join();
            // every step is done (or failed): collect all failures before cleaning up
            List<Throwable> failures = new ArrayList<>();
            for (CompletableFuture<?> step : List.of(pg, kafka, s3, migrated, topics, bucket)) {
                if (step.isCompletedExceptionally()) {
                    Throwable cause = step.handle((v, e) -> e).join();
                    Throwable root = cause instanceof CompletionException && cause.getCause() != null
                            ? cause.getCause() : cause;
                    if (!failures.contains(root)) {
                        failures.add(root);
                    }
                }
            }
            if (!failures.isEmpty()) {
                closeQuietly(startedOrNull(s3));
                closeQuietly(startedOrNull(kafka));
                closeQuietly(startedOrNull(pg));
                if (tempHome) {
                    StackSupport.deleteRecursively(home, LOG);
                }
                IllegalStateException failure = new IllegalStateException(
                        "starting the Tickcast stack failed: " + failures.get(0), failures.get(0));
                failures.stream().skip(1).forEach(failure::addSuppressed);
                throw failure;
            }
            EmbeddedStack stack = new EmbeddedStack(config, home, tempHome, kafka.join(), pg.join(), s3.join(),
                    isShared);
            LOG.log(System.Logger.Level.INFO, "Tickcast stack ready in {0} ms: Kafka {1}, PostgreSQL {2}, S3 {3}",
                    StackSupport.millisSince(t0), stack.kafkaBootstrapServers, stack.jdbcUrl, stack.s3Endpoint);
            return stack;
        } finally {
            pool.shutdown();
        }
    }

    private static <T> T startedOrNull(CompletableFuture<T> done) {
        return done.isDone() && !done.isCompletedExceptionally() ? done.join() : null;
    }

    private static <T> CompletableFuture<T> async(ExecutorService pool, Supplier<T> task) {
        return CompletableFuture.supplyAsync(task, pool);
    }

    private static void migrate(String jdbcUrl, String user, String password) {
        long t0 = System.nanoTime();
        MigrateResult result = Migrations.apply(jdbcUrl, user, password);
        LOG.log(System.Logger.Level.DEBUG, "schema of {0} at version {1} ({2} migration(s) applied) in {3} ms",
                jdbcUrl, result.targetSchemaVersion, result.migrationsExecuted, StackSupport.millisSince(t0));
    }

    private static void createTopics(String bootstrapServers) {
        Map<String, Integer> topics = new LinkedHashMap<>();
        topics.put(Topics.BROKER, Topics.BROKER_PARTITIONS);
        topics.put(Topics.DEAD_LETTER, 1);
        KafkaTopics.ensure(bootstrapServers, topics);
    }

    private static void createExternalBucket(StackConfig config, String bucket) {
        try (S3Client client = S3Client.builder()
                .endpointOverride(URI.create(config.s3Endpoint()))
                .region(Region.of(config.s3Region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(config.s3AccessKey(), config.s3SecretKey())))
                .forcePathStyle(true)
                .httpClientBuilder(Apache5HttpClient.builder())
                .build()) {
            try {
                client.headBucket(b -> b.bucket(bucket));
            } catch (NoSuchBucketException e) {
                try {
                    client.createBucket(b -> b.bucket(bucket));
                } catch (BucketAlreadyOwnedByYouException raced) {
                    // created meanwhile: fine
                }
            } catch (S3Exception e) {
                if (e.statusCode() != 404) {
                    throw e;
                }
                client.createBucket(b -> b.bucket(bucket));
            }
        }
    }

    /**
     * The stack of this JVM, started on first use from {@link StackConfig#fromEnvironment()} with temp data and
     * free ports for whatever is embedded (external services named in the environment are used as they are),
     * and stopped by a shutdown hook. {@link #close()} on it does nothing. A failed start is not retried.
     */
    public static synchronized EmbeddedStack shared() {
        if (shared != null) {
            return shared;
        }
        if (sharedFailure != null) {
            throw new IllegalStateException("the shared Tickcast stack failed to start earlier", sharedFailure);
        }
        try {
            EmbeddedStack stack = start(StackConfig.fromEnvironment().withEphemeralEmbedded(), true);
            Runtime.getRuntime().addShutdownHook(new Thread(stack::shutdown, "tickcast-stack-shutdown"));
            shared = stack;
            return stack;
        } catch (RuntimeException e) {
            sharedFailure = e;
            throw e;
        }
    }

    public StackConfig config() {
        return config;
    }

    /** The directory under which the embedded services keep their data (a temp one unless configured). */
    public Path home() {
        return home;
    }

    public String kafkaBootstrapServers() {
        return kafkaBootstrapServers;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** {@code postgresql://host:port/db}, the form of {@code quarkus.datasource.reactive.url}. */
    public String reactiveUrl() {
        return postgres != null ? postgres.reactiveUrl() : StackConfig.reactiveUrlOf(jdbcUrl);
    }

    public String dbUser() {
        return dbUser;
    }

    public String dbPassword() {
        return dbPassword;
    }

    public String s3Endpoint() {
        return s3Endpoint;
    }

    public String s3AccessKey() {
        return s3AccessKey;
    }

    public String s3SecretKey() {
        return s3SecretKey;
    }

    public String s3Region() {
        return config.s3Region();
    }

    public String modelBucket() {
        return MODEL_BUCKET;
    }

    /** The embedded broker, empty when an external cluster is used. */
    public Optional<EmbeddedKafka> embeddedKafka() {
        return Optional.ofNullable(kafka);
    }

    /** The embedded PostgreSQL, empty when an external database is used. */
    public Optional<EmbeddedPostgres> embeddedPostgres() {
        return Optional.ofNullable(postgres);
    }

    /** The embedded S3, empty when an external endpoint is used. */
    public Optional<EmbeddedS3> embeddedS3() {
        return Optional.ofNullable(s3);
    }

    /** The configuration a Quarkus function needs to use this stack, as Quarkus property names. */
    public Map<String, String> quarkusProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("kafka.bootstrap.servers", kafkaBootstrapServers);
        p.put("quarkus.datasource.reactive.url", reactiveUrl());
        p.put("quarkus.datasource.jdbc.url", jdbcUrl);
        p.put("quarkus.datasource.username", dbUser);
        p.put("quarkus.datasource.password", dbPassword);
        p.put("tickcast.s3.endpoint", s3Endpoint);
        p.put("tickcast.s3.access-key", s3AccessKey);
        p.put("tickcast.s3.secret-key", s3SecretKey);
        p.put("tickcast.s3.region", s3Region());
        p.put("tickcast.s3.bucket", MODEL_BUCKET);
        return Collections.unmodifiableMap(p);
    }

    /**
     * The same as environment variables for child processes: the Quarkus names ({@code KAFKA_BOOTSTRAP_SERVERS},
     * {@code QUARKUS_DATASOURCE_*}, {@code TICKCAST_S3_*}) plus {@code TICKCAST_KAFKA_BOOTSTRAP} and
     * {@code TICKCAST_DB_*}, so that {@link StackConfig#fromEnvironment()} in a child uses this stack instead of
     * starting its own.
     */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        quarkusProperties().forEach((name, value) -> env.put(environmentName(name), value));
        env.put(StackConfig.ENV_KAFKA_BOOTSTRAP, kafkaBootstrapServers);
        env.put(StackConfig.ENV_DB_JDBC_URL, jdbcUrl);
        env.put(StackConfig.ENV_DB_USER, dbUser);
        env.put(StackConfig.ENV_DB_PASSWORD, dbPassword);
        return Collections.unmodifiableMap(env);
    }

    /** Quarkus' mapping of a property name to an environment variable: non-alphanumerics → _, upper case. */
    static String environmentName(String property) {
        StringBuilder b = new StringBuilder(property.length());
        for (char c : property.toCharArray()) {
            b.append(Character.isLetterOrDigit(c) ? Character.toUpperCase(c) : '_');
        }
        return b.toString();
    }

    /**
     * Stops the embedded services in reverse order (S3, Kafka, PostgreSQL) and deletes temp data. Each service
     * is given a bounded time to stop. Does nothing on the {@link #shared()} stack, which stops with the JVM.
     */
    @Override
    public void close() {
        if (isShared) {
            LOG.log(System.Logger.Level.DEBUG, "close() on the shared stack ignored: it stops with the JVM");
            return;
        }
        shutdown();
    }

    private synchronized void shutdown() {
        if (closed) {
            return;
        }
        closed = true;
        long t0 = System.nanoTime();
        closeQuietly(s3);
        closeQuietly(kafka);
        closeQuietly(postgres);
        if (tempHome) {
            StackSupport.deleteRecursively(home, LOG);
        }
        LOG.log(System.Logger.Level.INFO, "Tickcast stack stopped in {0} ms", StackSupport.millisSince(t0));
    }

    private static void closeQuietly(AutoCloseable service) {
        if (service == null) {
            return;
        }
        try {
            service.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "stopping " + service + " failed", e);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedStack[kafka=" + kafkaBootstrapServers + ", jdbc=" + jdbcUrl + ", s3=" + s3Endpoint + "]";
    }
}
