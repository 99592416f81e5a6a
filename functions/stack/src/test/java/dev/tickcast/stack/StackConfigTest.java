package dev.tickcast.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

class StackConfigTest {

    @Test
    void emptyEnvironmentMeansEverythingEmbeddedWithTempDataAndFreePorts() {
        StackConfig config = StackConfig.fromEnvironment(Map.of(), new Properties());
        assertThat(config).isEqualTo(StackConfig.defaults());
        assertThat(config.dataDir()).isNull();
        assertThat(config.kafkaPort()).isZero();
        assertThat(config.externalKafka()).isFalse();
        assertThat(config.externalDatabase()).isFalse();
        assertThat(config.externalS3()).isFalse();
        assertThat(config.s3Region()).isEqualTo("us-east-1");
    }

    @Test
    void environmentNamesExternalServicesAndSystemPropertiesWin() {
        Map<String, String> env = Map.ofEntries(
                Map.entry("TICKCAST_HOME", "/var/lib/tickcast"),
                Map.entry("TICKCAST_KAFKA_BOOTSTRAP", "kafka:9092"),
                Map.entry("TICKCAST_DB_JDBC_URL", "jdbc:postgresql://db:5432/tickcast?sslmode=disable"),
                Map.entry("TICKCAST_DB_USER", "app"),
                Map.entry("TICKCAST_DB_PASSWORD", "env-secret"),
                Map.entry("TICKCAST_S3_ENDPOINT", "http://minio:9000"),
                Map.entry("TICKCAST_S3_ACCESS_KEY", "ak"),
                Map.entry("TICKCAST_S3_SECRET_KEY", "sk"),
                Map.entry("TICKCAST_S3_REGION", "eu-west-1"),
                Map.entry("TICKCAST_KAFKA_PORT", "19092"));
        Properties sys = new Properties();
        sys.setProperty("tickcast.kafka.bootstrap", "override:9093");
        sys.setProperty("tickcast.db.password", "prop-secret");
        sys.setProperty("tickcast.home", " ");

        StackConfig config = StackConfig.fromEnvironment(env, sys);

        assertThat(config.kafkaBootstrap()).isEqualTo("override:9093");
        assertThat(config.dbPassword()).isEqualTo("prop-secret");
        assertThat(config.dataDir()).as("a blank property does not hide the variable")
                .isEqualTo(Path.of("/var/lib/tickcast"));
        assertThat(config.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/tickcast?sslmode=disable");
        assertThat(config.dbUser()).isEqualTo("app");
        assertThat(config.s3Endpoint()).isEqualTo("http://minio:9000");
        assertThat(config.s3AccessKey()).isEqualTo("ak");
        assertThat(config.s3SecretKey()).isEqualTo("sk");
        assertThat(config.s3Region()).isEqualTo("eu-west-1");
        assertThat(config.kafkaPort()).isEqualTo(19092);
        assertThat(config.externalKafka() && config.externalDatabase() && config.externalS3()).isTrue();
        assertThat(config.toString()).doesNotContain("prop-secret").doesNotContain("=sk");

        StackConfig ephemeral = config.withEphemeralEmbedded();
        assertThat(ephemeral.dataDir()).isNull();
        assertThat(ephemeral.kafkaPort()).isZero();
        assertThat(ephemeral.jdbcUrl()).isEqualTo(config.jdbcUrl());
    }

    @Test
    void propertyNamesFollowTheVariables() {
        assertThat(StackConfig.propertyName("TICKCAST_DB_JDBC_URL")).isEqualTo("tickcast.db.jdbc.url");
        assertThat(StackConfig.propertyName("TICKCAST_S3_ACCESS_KEY")).isEqualTo("tickcast.s3.access.key");
        assertThat(EmbeddedStack.environmentName("tickcast.s3.access-key")).isEqualTo("TICKCAST_S3_ACCESS_KEY");
        assertThat(EmbeddedStack.environmentName("quarkus.datasource.reactive.url"))
                .isEqualTo("QUARKUS_DATASOURCE_REACTIVE_URL");
    }

    @Test
    void reactiveUrlDropsTheJdbcPrefixAndParameters() {
        assertThat(StackConfig.reactiveUrlOf("jdbc:postgresql://db:5432/tickcast?sslmode=disable"))
                .isEqualTo("postgresql://db:5432/tickcast");
        assertThat(StackConfig.reactiveUrlOf("jdbc:postgresql:tickcast")).isEqualTo(
                "postgresql://localhost:5432/tickcast");
    }

    @Test
    void incompleteExternalServicesAreRejected() {
        assertThatThrownBy(() -> StackConfig.builder().externalDatabase("jdbc:postgresql://db/x", null, "p").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a user");
        assertThatThrownBy(() -> StackConfig.builder().externalDatabase("jdbc:mysql://db/x", "u", "p").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jdbc:postgresql:");
        assertThatThrownBy(() -> StackConfig.builder().externalS3("http://s3", "ak", null).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both keys");
        assertThatThrownBy(() -> StackConfig.builder().externalS3(null, "ak", "sk").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without an S3 endpoint");
        assertThatThrownBy(() -> StackConfig.builder().kafkaPort(70000).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kafkaPort");
        assertThatThrownBy(() -> StackConfig.fromEnvironment(Map.of("TICKCAST_DB_PORT", "five"), new Properties()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TICKCAST_DB_PORT");
    }
}
