package dev.tickcast.stack;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * How to start an {@link EmbeddedStack}: where the embedded services keep their data, which ports they use,
 * and which services are external instead of embedded.
 *
 * <ul>
 * <li>{@code dataDir}: the stack's home ({@code kafka/}, {@code postgres/}, {@code s3/} below it), kept across
 * restarts; {@code null} for temp directories deleted when the stack closes (S3 then keeps objects in memory).</li>
 * <li>{@code kafkaPort}, {@code postgresPort}, {@code s3Port}: ports on 127.0.0.1, 0 for free ones.</li>
 * <li>{@code kafkaBootstrap}: when set, no broker is started and this cluster is used.</li>
 * <li>{@code jdbcUrl} (+ {@code dbUser}, {@code dbPassword}): when set, no PostgreSQL is started; the migrations
 * are applied to this database.</li>
 * <li>{@code s3Endpoint} (+ {@code s3AccessKey}, {@code s3SecretKey}): when set, no S3 is started.
 * {@code s3Region} names the region of either ({@code us-east-1} when unset).</li>
 * </ul>
 */
public record StackConfig(Path dataDir, int kafkaPort, int postgresPort, int s3Port, String kafkaBootstrap,
        String jdbcUrl, String dbUser, String dbPassword, String s3Endpoint, String s3AccessKey, String s3SecretKey,
        String s3Region) {

    public static final String ENV_HOME = "TICKCAST_HOME";
    public static final String ENV_KAFKA_BOOTSTRAP = "TICKCAST_KAFKA_BOOTSTRAP";
    public static final String ENV_KAFKA_PORT = "TICKCAST_KAFKA_PORT";
    public static final String ENV_DB_JDBC_URL = "TICKCAST_DB_JDBC_URL";
    public static final String ENV_DB_USER = "TICKCAST_DB_USER";
    public static final String ENV_DB_PASSWORD = "TICKCAST_DB_PASSWORD";
    public static final String ENV_DB_PORT = "TICKCAST_DB_PORT";
    public static final String ENV_S3_ENDPOINT = "TICKCAST_S3_ENDPOINT";
    public static final String ENV_S3_ACCESS_KEY = "TICKCAST_S3_ACCESS_KEY";
    public static final String ENV_S3_SECRET_KEY = "TICKCAST_S3_SECRET_KEY";
    public static final String ENV_S3_REGION = "TICKCAST_S3_REGION";
    public static final String ENV_S3_PORT = "TICKCAST_S3_PORT";

    public static final String DEFAULT_REGION = EmbeddedS3.REGION;

    public StackConfig {
        kafkaBootstrap = blankToNull(kafkaBootstrap);
        jdbcUrl = blankToNull(jdbcUrl);
        dbUser = blankToNull(dbUser);
        s3Endpoint = blankToNull(s3Endpoint);
        s3AccessKey = blankToNull(s3AccessKey);
        s3SecretKey = blankToNull(s3SecretKey);
        s3Region = blankToNull(s3Region) == null ? DEFAULT_REGION : s3Region.strip();
        checkPort("kafkaPort", kafkaPort);
        checkPort("postgresPort", postgresPort);
        checkPort("s3Port", s3Port);
        if (jdbcUrl != null) {
            if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("jdbcUrl must be a jdbc:postgresql: URL, not " + jdbcUrl);
            }
            if (dbUser == null) {
                throw new IllegalArgumentException("an external database (" + jdbcUrl + ") needs a user");
            }
            if (dbPassword == null) {
                dbPassword = "";
            }
        } else if (dbUser != null || dbPassword != null) {
            throw new IllegalArgumentException("a database user or password is set without a JDBC URL");
        }
        if (s3Endpoint != null) {
            if (!s3Endpoint.startsWith("http://") && !s3Endpoint.startsWith("https://")) {
                throw new IllegalArgumentException("s3Endpoint must be an http(s) URL, not " + s3Endpoint);
            }
            if (s3AccessKey == null || s3SecretKey == null) {
                throw new IllegalArgumentException("an external S3 endpoint (" + s3Endpoint + ") needs both keys");
            }
        } else if (s3AccessKey != null || s3SecretKey != null) {
            throw new IllegalArgumentException("S3 keys are set without an S3 endpoint");
        }
    }

    /** Everything embedded, temp data, free ports. */
    public static StackConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().dataDir(dataDir).kafkaPort(kafkaPort).postgresPort(postgresPort).s3Port(s3Port)
                .externalKafka(kafkaBootstrap).externalDatabase(jdbcUrl, dbUser, dbPassword)
                .externalS3(s3Endpoint, s3AccessKey, s3SecretKey).s3Region(s3Region);
    }

    /**
     * Reads {@code TICKCAST_HOME}, {@code TICKCAST_KAFKA_BOOTSTRAP}, {@code TICKCAST_DB_JDBC_URL},
     * {@code TICKCAST_DB_USER}, {@code TICKCAST_DB_PASSWORD}, {@code TICKCAST_S3_ENDPOINT},
     * {@code TICKCAST_S3_ACCESS_KEY}, {@code TICKCAST_S3_SECRET_KEY}, {@code TICKCAST_S3_REGION} and the ports
     * {@code TICKCAST_KAFKA_PORT}, {@code TICKCAST_DB_PORT}, {@code TICKCAST_S3_PORT} from the environment. A
     * system property named like the variable in lower case with dots ({@code tickcast.kafka.bootstrap},
     * {@code tickcast.db.jdbc.url}, {@code tickcast.s3.access.key}, {@code tickcast.home}, …) wins over it.
     */
    public static StackConfig fromEnvironment() {
        return fromEnvironment(System.getenv(), System.getProperties());
    }

    /** {@link #fromEnvironment()} over the given variables and properties. */
    public static StackConfig fromEnvironment(Map<String, String> env, Properties systemProperties) {
        Lookup in = new Lookup(env, systemProperties);
        String home = in.get(ENV_HOME);
        return builder()
                .dataDir(home == null ? null : Path.of(home))
                .kafkaPort(in.port(ENV_KAFKA_PORT))
                .postgresPort(in.port(ENV_DB_PORT))
                .s3Port(in.port(ENV_S3_PORT))
                .externalKafka(in.get(ENV_KAFKA_BOOTSTRAP))
                .externalDatabase(in.get(ENV_DB_JDBC_URL), in.get(ENV_DB_USER), in.get(ENV_DB_PASSWORD))
                .externalS3(in.get(ENV_S3_ENDPOINT), in.get(ENV_S3_ACCESS_KEY), in.get(ENV_S3_SECRET_KEY))
                .s3Region(in.get(ENV_S3_REGION))
                .build();
    }

    /** The system property that overrides an environment variable: {@code TICKCAST_DB_JDBC_URL} → {@code tickcast.db.jdbc.url}. */
    public static String propertyName(String environmentVariable) {
        return environmentVariable.toLowerCase(Locale.ROOT).replace('_', '.');
    }

    public boolean externalKafka() {
        return kafkaBootstrap != null;
    }

    public boolean externalDatabase() {
        return jdbcUrl != null;
    }

    public boolean externalS3() {
        return s3Endpoint != null;
    }

    /** Same settings with another home ({@code null}: temp directories). */
    public StackConfig withDataDir(Path dir) {
        return toBuilder().dataDir(dir).build();
    }

    /** Same external services, but temp data and free ports for the embedded ones. */
    public StackConfig withEphemeralEmbedded() {
        return toBuilder().dataDir(null).kafkaPort(0).postgresPort(0).s3Port(0).build();
    }

    /** {@code jdbc:postgresql://host:port/db?…} → {@code postgresql://host:port/db} (Quarkus' reactive URL form). */
    public static String reactiveUrlOf(String jdbcUrl) {
        String rest = jdbcUrl.substring("jdbc:postgresql:".length());
        int query = rest.indexOf('?');
        if (query >= 0) {
            rest = rest.substring(0, query);
        }
        return rest.startsWith("//") ? "postgresql:" + rest : "postgresql://localhost:5432/" + rest;
    }

    @Override
    public String toString() {
        return "StackConfig[dataDir=" + dataDir + ", kafkaPort=" + kafkaPort + ", postgresPort=" + postgresPort
                + ", s3Port=" + s3Port + ", kafkaBootstrap=" + kafkaBootstrap + ", jdbcUrl=" + jdbcUrl + ", dbUser="
                + dbUser + ", dbPassword=" + (dbPassword == null ? null : "***") + ", s3Endpoint=" + s3Endpoint
                + ", s3AccessKey=" + s3AccessKey + ", s3SecretKey=" + (s3SecretKey == null ? null : "***")
                + ", s3Region=" + s3Region + "]";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static void checkPort(String name, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(name + " out of range: " + port);
        }
    }

    private record Lookup(Map<String, String> env, Properties properties) {
        String get(String variable) {
            String value = properties.getProperty(propertyName(variable));
            if (value == null || value.isBlank()) {
                value = env.get(variable);
            }
            return value == null || value.isBlank() ? null : value.strip();
        }

        int port(String variable) {
            String value = get(variable);
            if (value == null) {
                return 0;
            }
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(variable + " is not a port: " + value, e);
            }
        }
    }

    public static final class Builder {
        private Path dataDir;
        private int kafkaPort;
        private int postgresPort;
        private int s3Port;
        private String kafkaBootstrap;
        private String jdbcUrl;
        private String dbUser;
        private String dbPassword;
        private String s3Endpoint;
        private String s3AccessKey;
        private String s3SecretKey;
        private String s3Region;

        private Builder() {
        }

        /** The stack's home, or {@code null} for temp directories deleted on close. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        public Builder kafkaPort(int port) {
            this.kafkaPort = port;
            return this;
        }

        public Builder postgresPort(int port) {
            this.postgresPort = port;
            return this;
        }

        public Builder s3Port(int port) {
            this.s3Port = port;
            return this;
        }

        /** Use this Kafka cluster instead of an embedded broker ({@code null}: embedded). */
        public Builder externalKafka(String bootstrapServers) {
            this.kafkaBootstrap = bootstrapServers;
            return this;
        }

        /** Use this PostgreSQL database instead of an embedded one ({@code null} URL: embedded). */
        public Builder externalDatabase(String jdbcUrl, String user, String password) {
            this.jdbcUrl = jdbcUrl;
            this.dbUser = user;
            this.dbPassword = password;
            return this;
        }

        /** Use this S3 endpoint instead of an embedded one ({@code null} endpoint: embedded). */
        public Builder externalS3(String endpoint, String accessKey, String secretKey) {
            this.s3Endpoint = endpoint;
            this.s3AccessKey = accessKey;
            this.s3SecretKey = secretKey;
            return this;
        }

        public Builder s3Region(String region) {
            this.s3Region = region;
            return this;
        }

        public StackConfig build() {
            return new StackConfig(dataDir, kafkaPort, postgresPort, s3Port, kafkaBootstrap, jdbcUrl, dbUser,
                    dbPassword, s3Endpoint, s3AccessKey, s3SecretKey, s3Region);
        }
    }
}
