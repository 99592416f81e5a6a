package dev.tickcast.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.tickcast.stack.EmbeddedPostgres;
import dev.tickcast.stack.EmbeddedS3;
import dev.tickcast.stack.StackConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./tickcast train}: runs the packaged training job ({@code functions/train}) as a child JVM against the
 * running local stack (or the external servers named by {@code TICKCAST_*}), its progress streamed here.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train the linear baseline and XGBoost for a pair on the feature store of a running stack; the "
                + "best that beats persistence and the current champion on the same holdout becomes champion (the "
                + "persistence baseline until one does). Or roll the champion back.")
class TrainCommand implements Callable<Integer> {
    static final String JAR = "functions/train/target/quarkus-app/quarkus-run.jar";

    @Option(names = "--pair", required = true, description = "pair, BTC/USD or BTC-USD")
    String pair;

    @Option(names = "--from", description = "first row's time, ISO-8601 instant or date (default: --to minus 30 days)")
    String from;

    @Option(names = "--to", description = "rows before this time, ISO-8601 instant or date (default: the pair's newest feature row past "
                    + "its warm-up: event time, so replayed 2013 data trains)")
    String to;

    @Option(names = "--rollback-to", paramLabel = "VERSION",
            description = "instead of training, point the champion back at this earlier version")
    String rollbackTo;

    @Mixin
    StackOptions options;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path jar = Tickcast.root().resolve(JAR);
        if (!Files.isRegularFile(jar)) {
            System.err.println("train: " + jar + " is not built; run ./tickcast build (or ./mvnw -pl functions/train "
                    + "-am -DskipTests install)");
            return 2;
        }
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-jar", jar.toString(),
                "--pair", ReplayCommand.normalisePair(pair)));
        if (rollbackTo != null) {
            command.addAll(List.of("--rollback-to", rollbackTo));
        }
        if (from != null) {
            command.addAll(List.of("--from", from));
        }
        if (to != null) {
            command.addAll(List.of("--to", to));
        }
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().putAll(environment(options.config()));
        Process process = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "tickcast-train-stop"));
        return process.waitFor();
    }

    /** What the job needs to reach the stack: the running embedded one on its ports, or the external servers. */
    static Map<String, String> environment(StackConfig config) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", config.externalKafka() ? config.kafkaBootstrap()
                : "127.0.0.1:" + config.kafkaPort());
        String jdbcUrl = config.externalDatabase() ? config.jdbcUrl()
                : "jdbc:postgresql://127.0.0.1:" + config.postgresPort() + "/" + EmbeddedPostgres.DATABASE;
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", StackConfig.reactiveUrlOf(jdbcUrl));
        env.put("QUARKUS_DATASOURCE_USERNAME", config.externalDatabase() ? config.dbUser() : EmbeddedPostgres.USER);
        env.put("QUARKUS_DATASOURCE_PASSWORD", config.externalDatabase() ? config.dbPassword() : EmbeddedPostgres.PASSWORD);
        env.put("TICKCAST_S3_ENDPOINT", config.externalS3() ? config.s3Endpoint() : "http://127.0.0.1:" + config.s3Port());
        env.put("TICKCAST_S3_ACCESS_KEY", config.externalS3() ? config.s3AccessKey() : EmbeddedS3.ACCESS_KEY);
        env.put("TICKCAST_S3_SECRET_KEY", config.externalS3() ? config.s3SecretKey() : EmbeddedS3.SECRET_KEY);
        env.put("TICKCAST_S3_REGION", config.s3Region());
        // one run, then exit; no port of its own needed beside the api and the functions
        env.put("TICKCAST_TRAIN_EVERY", "off");
        env.put("QUARKUS_HTTP_PORT", "0");
        return env;
    }
}
